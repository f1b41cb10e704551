// Where a cover's artwork lies on its PDF page, and how it was found: the first stage of a
// check. A cover is the whole page, or its BleedBox, or the artwork area of a printer's
// template page (IngramSpark asks for the template's document size, PRINTERS.md §7: a Canva
// export is one image of that page, marks and info block included).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podcover/check/cover_pdf.hpp"
#include "podcover/layout.hpp"

namespace podcover::check {

enum class LocateMethod {
    printer_template,  // a printer's template (on the page, or --template) says where the art is
    bleed_box,      // the page's BleedBox, a sheet some printer offers
    page,           // the whole page
    template_layout,  // the printer's template page as measured, and what it shows
    marks,          // trim and fold marks around the artwork (a template's, or crop marks)
    expected_size,  // a rectangle of exactly the book's sheet, scored against the content
    content,        // the largest block of content on a larger page
};
// "template", "bleed-box", "page", "template-layout", "marks", "expected-size", "content".
std::string_view locate_method_id(LocateMethod method);

struct Location {
    Rect cover;  // on the page: inches from its top-left corner, y down
    LocateMethod method = LocateMethod::page;
    std::string how;  // for the report: "the page's BleedBox", ...
    // The printer whose template the page is, when its marks or text tell: only that printer
    // takes a cover on it.
    std::string template_printer;
};

struct LocateInput {
    Size page;
    // Where a printer's template puts the artwork on this page (its marks, read with its text;
    // or the --template given, when its page is this one), and how that is known.
    std::optional<Rect> template_artwork;
    std::string template_how;
    std::string template_printer;
    std::optional<Rect> bleed_box;
    const Inventory* inventory = nullptr;
    // The whole page's pixels, asked for only when the page's boxes do not tell.
    std::function<const RenderedArea&()> page_pixels;
    // Whether some book on the printers has a sheet of this size (within size_tolerance).
    std::function<bool(const Size&)> plausible;
    // The layouts of the books on the printers whose sheet is within `tolerance` of a size, for
    // scoring where a template's marks put the artwork; only that printer's and binding's when
    // they are given (a measured template page names both).
    std::function<std::vector<Layout>(const Size&, Length tolerance, const std::string& printer_id,
                                      std::optional<Binding> binding)>
        books_of_size;
    // The printers' template pages (PrinterSpec's BindingSpec::template_page): a page of that
    // document size has the artwork area anchored to its top and right edges.
    struct TemplatePageLayout {
        std::string printer_id;
        Binding binding = Binding::paperback;
        TemplatePage page;
    };
    std::vector<TemplatePageLayout> template_pages;
    // How far the artwork may reach beyond a template's outermost marks: its bleed or wrap
    // (marks stand at the trim, or at the sheet's edges).
    std::vector<Length> bleeds;
    // The sheets the cover should have, when the book is known (the options give it).
    std::vector<Size> expected;
};

Location locate(const LocateInput& input);

}  // namespace podcover::check
