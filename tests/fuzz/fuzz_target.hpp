// podcover's fuzz targets: each tests/fuzz/<target>.cpp defines LLVMFuzzerTestOneInput, the
// entry libFuzzer calls with every input it makes, and replay.cpp calls with every file of the
// target's corpus (tests/fuzz/corpus/<target>/) as an ordinary test, without libFuzzer.
//
// An entry returns normally when podcover accepts the input or refuses it with its typed error
// (the error a user would see); anything else (another exception, a crash, a sanitizer report,
// an invariant broken) ends the process, which is what both libFuzzer and the replay report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace podcover::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// An invariant the input broke: reported and fatal, so that the fuzzer keeps the input.
[[noreturn]] inline void broken(const char* what) {
    std::fprintf(stderr, "podcover fuzz: invariant broken: %s\n", what);
    std::abort();
}

}  // namespace podcover::fuzz
