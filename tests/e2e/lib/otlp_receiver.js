// A local OpenTelemetry collector for tests: an OTLP/HTTP receiver (POST /v1/traces,
// application/json, the OTLP specification's JSON mapping) that decodes every request with the
// official OpenTelemetry protobuf definitions shipped in @opentelemetry/otlp-transformer
// (its generated protobufjs root): the JSON is checked against ExportTraceServiceRequest
// (verify), turned into the message (fromObject), encoded to protobuf and decoded again, so a
// field of the wrong type or name fails the test instead of being read loosely.
import { pollUntil, startCollector } from "./collector.js";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = require("@opentelemetry/otlp-transformer/build/src/generated/root.js");
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
const { Long } = require("protobufjs/minimal").util;

const hexToBase64 = (hex) => Buffer.from(hex, "hex").toString("base64");
const base64ToHex = (b64) => Buffer.from(b64, "base64").toString("hex");

// A 64-bit integer as protobuf JSON writes it (a decimal string), as the Long protobufjs wants.
function toLong(value, unsigned, what) {
  if (typeof value !== "string" || !/^-?[0-9]+$/.test(value)) throw new Error(`${what} is not a decimal string: ${value}`);
  return Long.fromString(value, unsigned);
}

function attributesToLongs(list) {
  for (const { value } of list ?? []) {
    if (value?.intValue !== undefined) value.intValue = toLong(value.intValue, false, "intValue");
  }
}

// OTLP JSON writes trace and span ids as hex (not protobuf JSON's base64) and 64-bit integers
// as strings: turn them into bytes and Longs, so that verify() checks every field's type.
function toProtobufShapes(json) {
  for (const rs of json.resourceSpans ?? []) {
    attributesToLongs(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        for (const key of ["traceId", "spanId", "parentSpanId"]) {
          if (span[key] === undefined) continue;
          if (!/^[0-9a-f]+$/.test(span[key])) throw new Error(`${key} is not lower-case hex: ${span[key]}`);
          span[key] = hexToBase64(span[key]);
        }
        for (const key of ["startTimeUnixNano", "endTimeUnixNano"]) span[key] = toLong(span[key], true, key);
        attributesToLongs(span.attributes);
      }
    }
  }
  return json;
}

function attributesOf(list) {
  const out = {};
  for (const { key, value } of list ?? []) {
    const v = value ?? {};
    out[key] = v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue ?? v.doubleValue);
  }
  return out;
}

/** Decodes one OTLP/HTTP JSON body into flat spans ({name, traceId, spanId, parentSpanId, kind, attributes, status, resource}). */
export function decodeOtlpJson(text) {
  const object = toProtobufShapes(JSON.parse(text));
  const problem = Request.verify(object);
  if (problem) throw new Error(`not an ExportTraceServiceRequest: ${problem}`);
  const bytes = Request.encode(Request.fromObject(object)).finish();
  const decoded = Request.toObject(Request.decode(bytes), { longs: String, enums: Number, bytes: String });
  const spans = [];
  for (const rs of decoded.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          name: s.name,
          traceId: base64ToHex(s.traceId),
          spanId: base64ToHex(s.spanId),
          parentSpanId: s.parentSpanId ? base64ToHex(s.parentSpanId) : "",
          kind: s.kind,
          start: BigInt(s.startTimeUnixNano),
          end: BigInt(s.endTimeUnixNano),
          attributes: attributesOf(s.attributes),
          status: s.status ?? {},
          traceState: s.traceState ?? "",
          resource,
        });
      }
    }
  }
  return spans;
}

/** Starts the receiver on 127.0.0.1. `spans` fills as exports arrive; `requests` keeps headers and raw bodies. */
export async function startOtlpReceiver() {
  const spans = [];
  const collector = await startCollector("/v1/traces", (body, req) => {
    if (!String(req.headers["content-type"]).startsWith("application/json")) {
      throw new Error(`content-type ${req.headers["content-type"]}`);
    }
    spans.push(...decodeOtlpJson(body));
    return "{}";
  });
  return {
    url: `http://127.0.0.1:${collector.port}`,
    spans,
    requests: collector.requests,
    errors: collector.errors,
    /** Waits until `predicate(spans)` holds (the exporter flushes about once a second). */
    waitFor: (predicate, timeoutMs = 8000) =>
      pollUntil(collector.errors, () => predicate(spans) && spans, timeoutMs,
        () => `spans: ${spans.map((s) => s.name).join(", ")}`),
    close: collector.close,
  };
}
