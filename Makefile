# Thin wrapper around CMake. `make run` extracts the bundled corpus to out/;
# `make test` builds with warnings as errors and runs every test.
BUILD ?= build
ASAN_BUILD ?= build-asan
CLANG_BUILD ?= build-clang
TSAN_BUILD ?= build-tsan
PGO_BUILD ?= build-pgo
CLANG ?= clang
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CORPUS ?= corpus/seeds/*.txt corpus/realworld/*.md corpus/heldout/*.md
OUT ?= out
FUZZ_SECONDS ?= 60

.PHONY: all build run test test-clang sanitize tsan bench clean install alloc-test fuzz valgrind pgo

all: build

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVNPLAN_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/vnplan extract -q --format both -d $(OUT) $(CORPUS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same build with clang, warnings as errors, in $(CLANG_BUILD): the unit,
# corpus and API tests (the library as others build and link it).
test-clang:
	cmake -S . -B $(CLANG_BUILD) -DCMAKE_C_COMPILER=$(CLANG) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVNPLAN_WERROR=ON
	cmake --build $(CLANG_BUILD) -j $(JOBS)
	cd $(CLANG_BUILD) && ctest --output-on-failure -j $(JOBS) -L 'unit|corpus|api'

# Every allocation of a parse made to fail in turn (also part of `make test`).
alloc-test: build
	cd $(BUILD) && ctest --output-on-failure -R alloc_fail

# A short libFuzzer run of each harness (needs clang).
fuzz:
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# Unit and corpus tests once more under AddressSanitizer and UBSan.
sanitize:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVNPLAN_WERROR=ON -DVNPLAN_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) -L 'unit|corpus'

# The thread test under ThreadSanitizer: 8 threads parse and write the seeds,
# corpus/realworld and the .docx and HTML fixtures at once, several rounds,
# each output byte-identical to the single-threaded one; any data race
# report fails it (halt_on_error).
THREAD_DOCS = corpus/seeds corpus/realworld $(wildcard tests/fixtures/*.docx tests/fixtures/*.html)
tsan:
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVNPLAN_WERROR=ON -DVNPLAN_TSAN=ON
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target threads
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/api/tsan.supp \
	  $(TSAN_BUILD)/tests/threads --threads 8 --rounds 4 $(THREAD_DOCS)

# valgrind (memcheck) on the seeds and the first 20 real-world documents, both
# formats, Akoma Ntoso and the batch mode: any invalid access or leak fails,
# and so does memory still reachable at exit (the process's compile-once
# cache is released when the library is unloaded: extract/src/cache.c).
VALGRIND_DOCS = $(wildcard corpus/seeds/*.txt) $(wordlist 1,20,$(sort $(wildcard ../shared/realworld/docs/*.md)))
valgrind: build
	rm -rf $(BUILD)/valgrind-out
	valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
	  --error-exitcode=9 $(BUILD)/vnplan extract -q --format both -d $(BUILD)/valgrind-out $(VALGRIND_DOCS) >/dev/null
	valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
	  --error-exitcode=9 $(BUILD)/vnplan extract -q --format akn -d $(BUILD)/valgrind-out $(VALGRIND_DOCS) >/dev/null
	valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
	  --error-exitcode=9 $(BUILD)/vnplan extract -q --format jsonl --jobs 2 $(VALGRIND_DOCS) >/dev/null

bench:
	bench/run.sh

# A Release build of the command laid out by a profile (gcc only), in
# $(PGO_BUILD): built with counters, run once over the bundled corpus (not the
# benchmark's documents), built again with the counts. Same output, fewer
# instructions: the hot paths straight, the cold ones out of the way.
# `bench/run.sh $(PGO_BUILD)/vnplan` times it.
pgo:
	cmake -S . -B $(PGO_BUILD) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_FLAGS="-fprofile-generate" -DCMAKE_EXE_LINKER_FLAGS="-fprofile-generate"
	find $(PGO_BUILD) -name '*.gcda' -delete
	cmake --build $(PGO_BUILD) -j $(JOBS) --target vnplan
	$(PGO_BUILD)/vnplan extract -q --format jsonl --jobs 1 $(CORPUS) > /dev/null
	cmake -S . -B $(PGO_BUILD) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_FLAGS="-fprofile-use -fprofile-partial-training" -DCMAKE_EXE_LINKER_FLAGS=""
	cmake --build $(PGO_BUILD) -j $(JOBS) --target vnplan

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(CLANG_BUILD) $(TSAN_BUILD) $(PGO_BUILD) $(OUT)
