// Lays out a 6 x 9 in, 300-page paperback on KDP's white paper with podcover's installed
// geometry and built-in printers, and prints its spine width.
#include <cstdio>

#include "podcover/layout.hpp"
#include "podcover/printer_file.hpp"

int main() {
    const podcover::PrinterCatalog printers = podcover::PrinterCatalog::builtin();
    const podcover::PrinterSpec* kdp = printers.find("kdp");
    if (kdp == nullptr) {
        std::fputs("kdp_spine: no built-in printer kdp\n", stderr);
        return 1;
    }
    const podcover::BookSpec book{podcover::Binding::paperback, podcover::Size::parse("6x9in"), 300,
                                  "white"};
    const podcover::LayoutResult result = podcover::compute_layout(*kdp, book);
    if (!result.layout) {
        for (const podcover::Diagnostic& error : result.errors)
            std::fprintf(stderr, "kdp_spine: %s\n", error.message.c_str());
        return 1;
    }
    std::printf("KDP spine width: %s\n",
                result.layout->spine_width.format_with_unit(podcover::Unit::in, 4).c_str());
    return 0;
}
