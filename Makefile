# The two commands a new user needs: `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: run test test-sanitize fuzz build deps test-deps bench clean format tidy

run: deps build
	@mkdir -p var
	LATCHKEY_DATABASE_URL=$${LATCHKEY_DATABASE_URL:-sqlite:var/latchkey.db} \
	  $(BUILD_DIR)/latchkey serve --dev

test: test-deps
	scripts/test.sh

# ASan + UBSan build (build-sanitize/) of the unit and e2e suites; `make test`
# runs its unit half. docs/testing.md.
test-sanitize: test-deps
	scripts/test-sanitize.sh all

# libFuzzer targets (build-fuzz/), FUZZ_SECONDS (default 120) each, in turn.
fuzz: test-deps
	scripts/fuzz.sh

build:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -Wno-dev >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

deps:
	scripts/install-deps.sh build

test-deps:
	scripts/install-deps.sh test

bench:
	scripts/install-deps.sh bench
	$(MAKE) build
	cmake --build $(BUILD_DIR) -j $(JOBS) --target latchkey_bench
	bench/run.sh

format:
	find src bench fuzz -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) build-sanitize build-fuzz

# clang-tidy on every server source (make test checks only the changed ones).
tidy:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -Wno-dev >/dev/null
	BUILD_DIR=$(BUILD_DIR) JOBS=$(JOBS) scripts/tidy.sh --all
