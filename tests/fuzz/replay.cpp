// Replays fuzz inputs through a target's LLVMFuzzerTestOneInput without libFuzzer: every file
// named, and every file in every folder named (not recursing), in name order. Exit 0 when
// every input returned; an input that breaks the target ends the process (see fuzz_target.hpp),
// after its name was printed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_target.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path named = argv[i];
        if (fs::is_directory(named)) {
            for (const auto& entry : fs::directory_iterator(named)) {
                if (entry.is_regular_file())
                    inputs.push_back(entry.path());
            }
        } else {
            inputs.push_back(named);
        }
    }
    std::sort(inputs.begin(), inputs.end());
    if (inputs.empty()) {
        std::fprintf(stderr, "replay: no inputs; name corpus folders or files\n");
        return 2;
    }
    double slowest_s = 0;
    std::string slowest;
    for (const auto& input : inputs) {
        std::ifstream in(input, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "replay: cannot read %s\n", input.c_str());
            return 2;
        }
        const std::string bytes{std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>()};
        std::fprintf(stderr, "replay: %s\n", input.c_str());
        const auto start = std::chrono::steady_clock::now();
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (seconds > slowest_s) {
            slowest_s = seconds;
            slowest = input.filename().string();
        }
    }
    std::printf("replayed %zu inputs; the slowest, %s, took %.3f s\n", inputs.size(),
                slowest.c_str(), slowest_s);
    return 0;
}
