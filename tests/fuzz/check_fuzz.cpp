// The check fuzz target (issue 11): PDF bytes through `podcover check` as the command runs it
// (CoverCheck::run on both printers, then the annotated proof), with a small time limit.
// podcover's own errors (podcover::Error: InputError, LimitError ...) are answers; anything
// else escaping (std::invalid_argument, a crash, a sanitizer report, a run over libFuzzer's
// -timeout or -rss_limit_mb) is a finding. Built with libFuzzer under PODCOVER_FUZZ (the fuzz
// preset, clang); replayed over tests/fuzz/corpus/check/ by an ordinary test without it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "podcover/check/check_proof.hpp"
#include "podcover/check/checker.hpp"
#include "podcover/errors.hpp"
#include "podcover/printer_file.hpp"

namespace {

// CoverPdf reads a path: each input is written to the same file of this process.
const std::filesystem::path& input_file() {
    static const std::filesystem::path file =
        std::filesystem::temp_directory_path() /
        ("podcover-fuzz-check-" + std::to_string(getpid()) + ".pdf");
    return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const podcover::PrinterCatalog printers = podcover::PrinterCatalog::builtin();
    {
        std::ofstream out(input_file(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    podcover::check::CheckRequest request;
    request.file = input_file();
    for (const char* id : {"kdp", "ingramspark"})
        request.printers.push_back(printers.find(id));
    // Processor time, per input: far less than libFuzzer's -timeout, so that a run over it is
    // time the limit failed to stop.
    request.time_limit = std::chrono::milliseconds(2000);
    try {
        const auto checked = podcover::check::CoverCheck::run(request);
        const std::string proof = podcover::check::annotated_proof(*checked);
        if (proof.empty())
            __builtin_trap();
    } catch (const podcover::Error&) {
        // A one-line refusal: what check answers a damaged or hostile file with (exit 3).
    }
    return 0;
}
