// The checks of one printer's layout against a located cover, grouped by the evidence they
// read: the text and vector shapes (text_checks.cpp), the pixels (pixel_checks.cpp) and the
// file itself (file_checks.cpp). Internal to the checker: checker.cpp reads the cover once,
// locates and infers, and runs these per printer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "podcover/check/checker.hpp"
#include "podcover/check/raster.hpp"
#include "podcover/check/text_runs.hpp"
#include "wording.hpp"

namespace podcover::check {

// Resolutions the checker asks for (a JPEG decoded at a DCT scale may come back finer): the
// page for detail, bleed, clear areas and finding the artwork, and the back cover for zbar,
// which reads EAN-13s at two pixels to a module even at 81 % magnification.
inline constexpr double page_ppi = 100;
// A page that is one JPEG is decoded, not rendered, and a DCT-scaled decode costs as its scale:
// a quarter of a 300 ppi image (75 ppi) is the decode the checks can afford on a flattened
// cover, and what they need of it (its marks, edges, bleed and spine lettering).
inline constexpr double decoded_page_ppi = 72;
inline constexpr double barcode_ppi = 200;
// Around the bars zbar is shown: the EAN-13's quiet zones (11 and 7 modules of 0.33 mm at 100%)
// and the EAN-5 add-on beside it (its 5 characters and gap, about 0.6 in at 100 %), with room
// for a bar code printed larger.
inline constexpr Length barcode_quiet_zone = Length::from_units(Length::units_per_in * 4 / 10);

// The page's pixels, rendered once and shared by every printer's checks.
class PagePixels {
  public:
    explicit PagePixels(const CoverPdf& pdf) : pdf_(pdf) {}
    // The whole page at page_ppi.
    const RenderedArea& page();
    // Barcodes zbar reads inside `area` (page coordinates): where the page's pixels show bars,
    // rendered again at barcode_ppi; their boxes in page coordinates.
    void scan_barcodes(const Rect& area);
    const std::vector<FoundBarcode>& barcodes() const { return barcodes_; }

  private:
    const CoverPdf& pdf_;
    std::optional<RenderedArea> page_;
    std::vector<FoundBarcode> barcodes_;
};

class InkEvidence;  // ink_checks.hpp

// What every printer's checks share, read once per cover.
struct CoverEvidence {
    const CheckReport& report;
    const CoverPdf& pdf;
    const Inventory& inventory;
    const std::vector<FontUse>& fonts;
    PagePixels& pixels;
    // Lines of a printer template's labels on the page (page coordinates).
    std::vector<TemplateLabel> template_labels;
    // The cover's ink (a CMYK rendering), text colours, transparency and PDF/X keys.
    InkEvidence& ink;

    // The cover's rectangle on the page, and an area of the cover (cover coordinates) as
    // page coordinates and back.
    const Rect& cover() const { return report.cover; }
    Rect on_page(const Rect& cover_area) const;
    Rect on_cover(const Rect& page_area) const;
    // An area of the cover as an area of the page raster.
    Rect on_page_raster(const Rect& cover_area);
};

// Collects a printer's findings and the checks that found nothing.
class Findings {
  public:
    explicit Findings(PrinterCheck& check) : check_(check) {}
    void add(std::string code, Severity severity, std::string message, std::optional<Rect> box);
    void passed(const std::string& what) { check_.passed.push_back(what); }
    void note(const std::string& what) { check_.notes.push_back(what); }
    bool has(const std::string& code) const;
    // Sorts the findings (errors, warnings, notes) and sets the verdict.
    void finish();

  private:
    PrinterCheck& check_;
};

// A printer's expected layout as it lies on the cover: centred when the sizes differ.
struct Placement {
    const PrinterCheck& check;
    const Layout& layout() const { return *check.expected; }
    Rect placed(const Rect& layout_rect) const;
    Rect region(const char* name) const { return placed(layout().at(name).rect); }
    Length fold_x(const Fold& fold) const { return fold.x + check.offset_x; }
};

// Text and vector shapes: the safe zone, spine text, text on folds, template labels left in.
// Returns whether any line of text lies on the spine.
bool text_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings);
// Pixels: lettering on the spine when no text was found there (a flattened cover), hard
// edges at folds, bleed, barcodes.
void pixel_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings,
                  bool spine_text_seen);
// Where each printer looks for a barcode on the cover (cover coordinates): the checker scans
// the union once.
Rect barcode_look(const Placement& placement);
// The file: size, pages, encryption, fonts, images, colour, file size, annotations, damage.
void size_check(CoverEvidence& evidence, const Placement& placement, Findings& findings);
void image_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings);
void file_checks(CoverEvidence& evidence, PrinterCheck& check, Findings& findings);
// Ink (ink_checks.cpp): total ink, small black text in several inks, the barcode's inks,
// transparency, PDF/X.
void ink_checks(CoverEvidence& evidence, PrinterCheck& check, Findings& findings);

// Printers' templates (template_checks.cpp): whether a PDF is a template itself (its text is
// the template's and no art is placed in it), the book facts it gives where the user gave none
// (and what was taken, for the report), and a template left visible in a cover, from its text
// or its zones in the pixels.
bool is_bare_template(const Inventory& inventory, const Size& page);
void hints_from_template(const TemplateFacts& facts, const std::string& where, BookHints& hints,
                         std::vector<Inferred>& inferred);
void template_visible_checks(CoverEvidence& evidence, const Placement& placement,
                             Findings& findings);

}  // namespace podcover::check
