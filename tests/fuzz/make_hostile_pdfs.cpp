// Writes the hostile PDFs (hostile_pdfs.hpp) into a folder: the small ones, as the check
// fuzzer's seed corpus keeps them, all of them with --large (for bench/check-limits.sh), or
// the ordinary seeds with --seeds; and lists them on standard output.
// Usage: podcover_make_hostile_pdfs <folder> [--large | --seeds]
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "hostile_pdfs.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: podcover_make_hostile_pdfs <folder> [--large | --seeds]\n");
        return 2;
    }
    const std::filesystem::path folder = argv[1];
    const bool large = argc > 2 && std::string(argv[2]) == "--large";
    std::filesystem::create_directories(folder);
    auto pdfs = podcover::test::hostile_pdfs(large);
    if (argc > 2 && std::string(argv[2]) == "--seeds")
        pdfs = podcover::test::seed_pdfs();
    for (const auto& pdf : pdfs) {
        std::ofstream out(folder / pdf.name, std::ios::binary);
        out << pdf.bytes;
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", (folder / pdf.name).c_str());
            return 1;
        }
        std::string arguments;
        for (const auto& argument : pdf.arguments)
            arguments += (arguments.empty() ? "" : " ") + argument;
        // One line each, tab-separated: name, bytes, what it is, check's extra arguments.
        std::printf("%s\t%zu\t%s\t%s\n", pdf.name.c_str(), pdf.bytes.size(), pdf.what.c_str(),
                    arguments.c_str());
    }
    return 0;
}
