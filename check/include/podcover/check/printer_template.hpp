// The printers' own cover templates (PRINTERS.md §7): recognising KDP's Cover Calculator
// template and IngramSpark's e-mailed templates from what a page draws, reading the book facts
// they print, comparing them with podcover's geometry for that book, and finding template
// labels left visible on a cover (KDP: "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK").
//
// Pure: it works on what CoverPdf::inventory() gives (words and vector shapes, in inches from
// the displayed page's top-left corner, y down) and does no PDF input of its own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "podcover/check/cover_pdf.hpp"
#include "podcover/layout.hpp"
#include "podcover/length.hpp"
#include "podcover/printer.hpp"
#include "podcover/rect.hpp"

namespace podcover {
class PrinterCatalog;
}

namespace podcover::check {

// A length as a template prints it, and how finely it is printed.
struct PrintedLength {
    Length value;
    std::string text;  // as printed, quotes and units normalised: "0.108\"", "0,108\"", "305mm"
    Length rounding;   // half a unit in the last printed place: 0.0005 in for "0.108"
};

struct PrintedSize {
    PrintedLength width;
    PrintedLength height;
    Size size() const { return Size{width.value, height.value}; }
};

// A line of template text on the page, and which template phrase it holds.
struct TemplateLabel {
    std::string phrase;  // the phrase recognised, as listed: "Overall Dimensions"
    std::string text;    // the whole line as read
    Rect box;            // the line's box on the page
};

// The positions of a template's trim and fold marks (IngramSpark: short strokes in the white
// margin), across the page and down it, in inches from the page's top-left corner.
struct TemplateMarks {
    std::vector<Length> x;  // left to right
    std::vector<Length> y;  // top to bottom
};

// What a printer's template says about its book. Every fact is optional: templates vary.
struct TemplateFacts {
    std::string printer_id;  // "kdp" or "ingramspark"
    std::optional<Binding> binding;
    std::optional<PrintedSize> trim;
    std::optional<int> pages;
    std::string paper;         // as printed: "White", "Creme", "Weißes"
    std::string content_type;  // as printed: "Black & White", "Standard Color", "Schwarz-Weiß"
    // The printer's paper id when the text names one paper; otherwise the ids it may be
    // (IngramSpark prints "White" for 50# and 70# white alike), in the printer's order.
    std::string paper_id;
    std::vector<std::string> paper_candidates;
    std::string isbn;  // digits (and a final X), without hyphens
    std::optional<PrintedLength> spine_width;
    // KDP: "16.358" x 10.250" Overall Dimensions", the full wrap.
    std::optional<PrintedSize> overall_size;
    // IngramSpark: "Document Size: 15" x 12"", the template's page, which holds more than the
    // cover; and "Bleed Artwork Dimensions: 5.750 x 8.750", one panel with its bleed, not the
    // spread (PRINTERS.md §6).
    std::optional<PrintedSize> document_size;
    std::optional<PrintedSize> panel_bleed_size;
    Size page;
    // IngramSpark: where the artwork goes on the page (the full wrap: bleed or turn-in
    // included), from the template's marks.
    std::optional<TemplateMarks> marks;
    std::optional<Rect> artwork_area;
    std::vector<TemplateLabel> labels;  // the template text seen
    std::vector<std::string> notes;     // what could not be read, and why

    // The full wrap as the template gives it: KDP's printed overall size, or IngramSpark's
    // artwork area measured from its marks.
    std::optional<Size> cover_size() const;
};

// Recognises a KDP Cover Calculator template or an IngramSpark template (perfect bound, case
// laminate, dust jacket) from the page's text, and reads its facts. Nothing when the page is
// no printer template. `printers` gives the printers' paper ids and IngramSpark's bleed; the
// overload without it uses the built-in printers.
std::optional<TemplateFacts> read_printer_template(const Size& page, const std::vector<Word>& words,
                                                   const std::vector<Shape>& shapes);
std::optional<TemplateFacts> read_printer_template(const Size& page, const std::vector<Word>& words,
                                                   const std::vector<Shape>& shapes,
                                                   const PrinterCatalog& printers);
// The same with the printers a check or render was given (--printer-file included).
std::optional<TemplateFacts> read_printer_template(const Size& page, const std::vector<Word>& words,
                                                   const std::vector<Shape>& shapes,
                                                   const std::vector<const PrinterSpec*>& printers);

// One value of the template against podcover's.
struct FieldComparison {
    // "spine_width", "cover_width", "cover_height", "page_width", "page_height" (KDP's PDF
    // page), "panel_width", "panel_height" (IngramSpark's per-panel bleed artwork), or "book"
    // when podcover cannot lay the template's book out.
    std::string field;
    std::string template_text;  // as printed: "0.108\"", or the book: "8 x 10 in, 48 pages, white"
    std::optional<Length> template_value;
    std::string podcover_text;  // "0.108096 in", or podcover's reason for refusing the book
    std::optional<Length> podcover_value;
    std::string tolerance;  // the tolerance applied, and why
    bool matches = false;
};

struct TemplateComparison {
    std::string printer_id;  // the rules compared with
    // The book podcover laid out: the template's, with what it does not print chosen as the
    // choice whose layout matches (the notes say so).
    std::optional<Binding> binding;
    std::optional<Size> trim;
    std::optional<int> pages;
    std::string paper_id;
    bool laid_out = false;
    std::vector<Diagnostic> refusals;  // podcover's reasons, when it refuses the book
    std::vector<FieldComparison> fields;
    std::vector<std::string> notes;
    // Podcover lays the book out, and every value compared agrees within the template's own
    // rounding (a template that prints none to compare matches, with a note saying so).
    bool matches = false;

    std::vector<FieldComparison> differences() const;
};

// Lays the template's book out with podcover on `printer` and compares spine width, full-wrap
// size and (KDP) the PDF page, or (IngramSpark) the artwork area and the per-panel size, each
// within the template's own rounding. Never throws for a book podcover refuses: that is a
// difference ("book") carrying podcover's reasons.
TemplateComparison compare_with_podcover(const TemplateFacts& facts, const PrinterSpec& printer);

// The lines of `words` that are a printer template's labels ("Overall Dimensions", "REMOVE THIS
// TEMPLATE LAYER FROM FINAL ARTWORK", "Bleed Artwork Dimensions", ...), for the checker's
// template-visible finding. Common words alone ("Spine", "Trim", "Size") are not labels; the
// phrases that could be ordinary prose ("Spine Width", "Safe Area") count only on a line that
// reads like a label: with a number, a colon or an equals sign.
std::vector<TemplateLabel> template_labels(const std::vector<Word>& words);

}  // namespace podcover::check
