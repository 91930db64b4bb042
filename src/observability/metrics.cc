#include "observability/metrics.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace latchkey::metrics {
namespace {

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);  // 15 digits: 0.0005, not 0.00050000000000000001
  return buf;
}

std::string Series(std::string_view name, std::string_view labels, std::string_view extra = "") {
  std::string out(name);
  if (labels.empty() && extra.empty()) return out;
  out += '{';
  out += labels;
  if (!labels.empty() && !extra.empty()) out += ',';
  out += extra;
  out += '}';
  return out;
}

}  // namespace

void Histogram::Observe(double ms) {
  const auto* bound = std::lower_bound(kBoundsMs.begin(), kBoundsMs.end(), ms);
  buckets_[static_cast<std::size_t>(bound - kBoundsMs.begin())].fetch_add(
      1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<std::int64_t>(ms * 1000), std::memory_order_relaxed);
}

std::array<std::int64_t, Histogram::kBoundsMs.size() + 1> Histogram::Cumulative() const {
  std::array<std::int64_t, kBoundsMs.size() + 1> out{};
  std::int64_t running = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

double Histogram::SumMs() const {
  return static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1000.0;
}

Registry::Entry* Registry::Find(std::string_view name, std::string_view labels) const {
  for (const auto& e : entries_) {
    if (e->name == name && e->labels == labels) return e.get();
  }
  return nullptr;
}

Counter& Registry::GetCounter(std::string_view name, std::string_view help,
                              std::string_view labels) {
  std::lock_guard lock(mu_);
  if (Entry* e = Find(name, labels); e && e->counter) return *e->counter;
  auto entry =
      std::make_unique<Entry>(Entry{std::string(name), std::string(help), std::string(labels),
                                    Kind::kCounter, std::make_unique<Counter>(), nullptr, nullptr});
  Counter& counter = *entry->counter;
  entries_.push_back(std::move(entry));
  return counter;
}

Histogram& Registry::GetHistogram(std::string_view name, std::string_view help,
                                  std::string_view labels) {
  std::lock_guard lock(mu_);
  if (Entry* e = Find(name, labels); e && e->histogram) return *e->histogram;
  auto entry = std::make_unique<Entry>(Entry{std::string(name), std::string(help),
                                             std::string(labels), Kind::kHistogram, nullptr,
                                             std::make_unique<Histogram>(), nullptr});
  Histogram& histogram = *entry->histogram;
  entries_.push_back(std::move(entry));
  return histogram;
}

void Registry::AddGauge(std::string_view name, std::string_view help, std::string_view labels,
                        std::function<double()> read) {
  AddReader(Kind::kGauge, name, help, labels, std::move(read));
}

void Registry::AddCounterReader(std::string_view name, std::string_view help,
                                std::string_view labels, std::function<double()> read) {
  AddReader(Kind::kCounter, name, help, labels, std::move(read));
}

void Registry::AddReader(Kind kind, std::string_view name, std::string_view help,
                         std::string_view labels, std::function<double()> read) {
  std::lock_guard lock(mu_);
  if (Entry* e = Find(name, labels); e && !e->counter && !e->histogram) {
    e->gauge = std::move(read);  // a restarted component replaces its reader
    return;
  }
  entries_.push_back(
      std::make_unique<Entry>(Entry{std::string(name), std::string(help), std::string(labels), kind,
                                    nullptr, nullptr, std::move(read)}));
}

std::string Registry::RenderPrometheus() const {
  std::lock_guard lock(mu_);
  // Group by name, keeping first-registration order within a name.
  std::map<std::string, std::vector<const Entry*>> by_name;
  for (const auto& e : entries_) by_name[e->name].push_back(e.get());
  std::string out;
  for (const auto& [name, entries] : by_name) {
    const Entry& first = *entries.front();
    static constexpr const char* kTypes[] = {"counter", "gauge", "histogram"};
    out += "# HELP " + name + " " + first.help + "\n";
    out += "# TYPE " + name + " " + kTypes[static_cast<int>(first.kind)] + "\n";
    for (const Entry* e : entries) {
      switch (e->kind) {
        case Kind::kCounter:
          out += Series(name, e->labels) + " " +
                 (e->counter ? std::to_string(e->counter->Value())
                             : Number(e->gauge ? e->gauge() : 0)) +
                 "\n";
          break;
        case Kind::kGauge:
          out += Series(name, e->labels) + " " + Number(e->gauge ? e->gauge() : 0) + "\n";
          break;
        case Kind::kHistogram: {
          auto cumulative = e->histogram->Cumulative();
          for (std::size_t i = 0; i < cumulative.size(); ++i) {
            std::string le = i < Histogram::kBoundsMs.size()
                                 ? Number(Histogram::kBoundsMs[i] / 1000.0)
                                 : std::string("+Inf");
            out += Series(name + "_bucket", e->labels, "le=\"" + le + "\"") + " " +
                   std::to_string(cumulative[i]) + "\n";
          }
          out += Series(name + "_sum", e->labels) + " " + Number(e->histogram->SumMs() / 1000.0) +
                 "\n";
          out +=
              Series(name + "_count", e->labels) + " " + std::to_string(cumulative.back()) + "\n";
          break;
        }
      }
    }
  }
  return out;
}

Registry& Global() {
  static Registry* registry = new Registry();  // never destroyed: used until exit
  return *registry;
}

}  // namespace latchkey::metrics
