// Printers' templates in a check: a PDF that is a template itself (compared, not checked), a
// template's facts used for the book, and a template left visible in a cover (KDP's template
// says "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK": a visible template is among the
// commonest rejections).
#include <algorithm>
#include <cctype>

#include "checks.hpp"
#include "podcover/names.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;

// Words a template's own lines are made of: its labels, and its lines of facts (numbers,
// "=" keys, "Label: value"), or the words they use (PRINTERS.md §7, in English and German).
bool template_line(const std::string& text) {
    if (std::any_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) || c == '=' || c == ':';
        }))
        return true;
    std::string lower;
    for (const char c : text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const char* const words[] = {
        "template", "pages",   "paper",  "color",  "colour",    "book",   "isbn",
        "barcode",  "trim",    "spine",  "bleed",  "live area", "safe",   "dimensions",
        "size",     "seiten",  "papier", "farbe",  "schwarz",   "buchr",  "vorlage"};
    return std::any_of(std::begin(words), std::end(words),
                       [&](const char* w) { return lower.find(w) != std::string::npos; });
}

// A step of colour along a line of the layout, down (or across) most of it: where a template's
// zones meet. The band is a quarter of a pixel's worth either side at least.
bool zone_edge(const Raster& raster, const Rect& band_on_raster, bool vertical) {
    if (vertical)
        return find_vertical_edge(raster, band_on_raster, 0.8, 20).has_value();
    // A horizontal line: the same test on the raster turned a quarter.
    const Raster::Span span = raster.span(band_on_raster);
    if (span.empty())
        return false;
    Raster turned;
    turned.width = span.y1 - span.y0;
    turned.height = span.x1 - span.x0;
    turned.pixels_per_inch = raster.pixels_per_inch;
    turned.rgb.resize(static_cast<std::size_t>(turned.width) * turned.height * 3);
    for (int y = span.y0; y < span.y1; ++y) {
        for (int x = span.x0; x < span.x1; ++x) {
            const std::uint8_t* from = raster.pixel(x, y);
            std::uint8_t* to = &turned.rgb[(static_cast<std::size_t>(x - span.x0) * turned.width +
                                            (y - span.y0)) *
                                           3];
            std::copy(from, from + 3, to);
        }
    }
    const Rect all = turned.area(Raster::Span{0, 0, turned.width, turned.height});
    return find_vertical_edge(turned, all, 0.8, 20).has_value();
}

}  // namespace

bool is_bare_template(const Inventory& inventory, const Size& page) {
    // Art placed in it: an image over a fifth of the page, or vector art (a template draws its
    // zones as a few rectangles: 3 to 10 fills on the templates PRINTERS.md §7 describes; a
    // vector cover, outlined lettering, are many).
    const double page_area = page.width.in() * page.height.in();
    for (const auto& image : inventory.images) {
        if (!image.mask && area_in2(image.box) >= 0.2 * page_area)
            return false;
    }
    constexpr long most_template_fills = 40;
    if (std::count_if(inventory.shapes.begin(), inventory.shapes.end(),
                      [](const Shape& s) { return s.filled; }) > most_template_fills)
        return false;
    // Text of its own: words on lines that are no template's (a title, an author, back copy).
    int others = 0;
    for (const auto& run : join_words(inventory.words)) {
        if (!template_line(run.text))
            others += static_cast<int>(std::count(run.text.begin(), run.text.end(), ' ')) + 1;
    }
    return others <= 6;
}

void hints_from_template(const TemplateFacts& facts, const std::string& where, BookHints& hints,
                         std::vector<Inferred>& inferred) {
    const std::string how = "printed on " + where + "; give the option if the book differs";
    if (!hints.binding && facts.binding) {
        hints.binding = facts.binding;
        inferred.push_back({"binding", std::string(binding_id(*facts.binding)), how});
    }
    if (!hints.trim && facts.trim) {
        hints.trim = facts.trim->size();
        inferred.push_back({"trim", size_text(*hints.trim), how});
    }
    if (!hints.pages && facts.pages) {
        hints.pages = facts.pages;
        inferred.push_back({"pages", std::to_string(*facts.pages), how});
    }
    if (hints.paper_for(facts.printer_id).empty() && !facts.paper_id.empty()) {
        hints.paper_by_printer[facts.printer_id] = facts.paper_id;
        inferred.push_back({"paper", facts.paper_id, how});
    }
}

void template_visible_checks(CoverEvidence& evidence, const Placement& placement,
                             Findings& findings) {
    const Layout& layout = placement.layout();
    const Rect sheet{Length(), Length(), evidence.cover().width, evidence.cover().height};
    std::vector<std::string> seen;
    std::optional<Rect> where;
    for (const auto& label : evidence.template_labels) {
        const Rect box = evidence.on_cover(label.box);
        if (!box.overlaps(sheet))
            continue;  // a template page's info block, beside the artwork
        if (std::find(seen.begin(), seen.end(), label.phrase) == seen.end())
            seen.push_back(label.phrase);
        where = where ? united(*where, box) : box;
    }
    if (!seen.empty()) {
        std::vector<std::string> quoted_phrases;
        for (const auto& phrase : seen)
            quoted_phrases.push_back(quoted(phrase));
        findings.add("template-visible", Severity::error,
                     "the cover still shows a printer template's text (" +
                         join_names(quoted_phrases) + "): remove the template layer before "
                         "exporting; " + layout.printer_name + " rejects a visible template",
                     where);
        return;
    }
    // In the pixels: a template's zones meet along the safe lines (KDP's red "out of live" band
    // is the bleed and the margin; IngramSpark's pink and blue bands likewise), on all four
    // sides and either side of the spine. Art does not step along five of those six lines.
    const RenderedArea& pixels = evidence.pixels.page();
    const Length half_band =
        Length::from_units(static_cast<Length::rep>(2.5 * Length::units_per_in /
                                                    pixels.raster.pixels_per_inch));
    const Rect back = placement.region("back-safe"), front = placement.region("front-safe");
    struct Line {
        bool vertical;
        Length at;
    };
    const Line lines[] = {{true, back.left()},  {true, back.right()},   {true, front.left()},
                          {true, front.right()}, {false, back.top()},   {false, back.bottom()}};
    int stepped = 0;
    for (const Line& line : lines) {
        const Rect band = line.vertical
                              ? Rect{line.at - half_band, back.top(), half_band * 2, back.height}
                              : Rect{back.left(), line.at - half_band, front.right() - back.left(),
                                     half_band * 2};
        if (zone_edge(pixels.raster, evidence.on_page_raster(band), line.vertical))
            ++stepped;
    }
    if (stepped >= 5) {
        findings.add("template-visible", Severity::error,
                     "the cover's pixels step in colour along " + std::to_string(stepped) +
                         " of the 6 safe-area lines, as a printer template's zones do: remove the "
                         "template layer before exporting; " + layout.printer_name +
                         " rejects a visible template",
                     sheet);
    } else {
        findings.passed("no printer template left visible");
    }
}

}  // namespace podcover::check
