// Fuzz target: printer files (parse_printer_file), then the layout of books the file offers,
// at the ends of its page ranges and its custom-trim range: whatever numbers a printer file is
// allowed to state, the layout's arithmetic must hold (no overflow, no exception but the
// refusals it returns).
#include "fuzz_target.hpp"
#include "podcover/errors.hpp"
#include "podcover/layout.hpp"
#include "podcover/printer_file.hpp"

using namespace podcover;

namespace {

// Enough books to reach every rule of the file, few enough to keep each input fast.
constexpr int max_layouts = 64;

void lay_out(const PrinterSpec& printer, const BookSpec& book, int& layouts) {
    if (layouts++ >= max_layouts)
        return;
    const LayoutResult result = compute_layout(printer, book);
    if (result.layout && result.layout->sheet.width <= Length())
        fuzz::broken("a layout with a sheet of no width");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    PrinterSpec printer;
    try {
        printer = parse_printer_file(fuzz::text_of(data, size), "fuzz.toml");
    } catch (const InputError&) {
        return 0;
    }
    int layouts = 0;
    for (const BindingSpec& binding : printer.bindings) {
        for (const TrimOffer& offer : binding.offers) {
            for (const std::string& paper : offer.papers) {
                const auto own = offer.pages.find(paper);
                const PageLimits* limits = own != offer.pages.end() ? &own->second : nullptr;
                if (!limits && binding.pages.count(paper) != 0)
                    limits = &binding.pages.at(paper);
                const PageRange range = limits ? limits->value : PageRange{1, 1};
                for (const Size& trim : offer.trims) {
                    lay_out(printer, {binding.binding, trim, range.min, paper}, layouts);
                    lay_out(printer, {binding.binding, trim, range.max, paper}, layouts);
                }
                if (binding.custom_trim) {
                    lay_out(printer,
                            {binding.binding, binding.custom_trim->max.value, range.max, paper},
                            layouts);
                }
            }
        }
    }
    return 0;
}
