// Ink checks (docs/check.md): the total ink over any square millimetre, small black text built
// from several inks, a barcode that is not 100% K on white, transparency, and what a PDF/X file
// misses. The measurements are pure functions of a CMYK rendering (tested on their own); the
// evidence is read once per cover, when a printer's checks first ask for it, and shared by
// every printer. Internal to the checker.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "cmyk_render.hpp"
#include "podcover/check/cover_pdf.hpp"
#include "podcover/check/raster.hpp"

namespace podcover::check {

// The area total ink is averaged over: about a square millimetre, the scale at which a press's
// ink limit matters (a hairline of rich black does not flood the sheet; an area does).
inline constexpr Length ink_window = Length::from_mm(1);
// Two pixels to the millimetre: a 1 mm window is 2 x 2 anti-aliased pixels, whose values are
// the mean ink of their area, so each window's total is the mean over its square millimetre,
// at half-millimetre steps. Finer costs more than it tells: a flattened cover's 300 ppi JPEG is
// decoded at 2/8 for it, at 3/8 for 4 pixels to the millimetre.
inline constexpr double ink_ppi = 50.8;
// Bars of 0.33 mm (an EAN-13's module at 100%) are four pixels wide, drawn without
// anti-aliasing, so that every pixel of a bar or a space is its colour alone.
inline constexpr double barcode_ink_ppi = 300;
// Eight-bit rendering rounds each ink to 1/255 (0.4%): totals within a point of the limit are
// the limit.
inline constexpr double ink_rounding_percent = 1;

// The total ink (C + M + Y + K, up to 400%) of a square window, and where it lies on the page.
struct InkWindow {
    double total_percent = 0;
    std::array<double, 4> inks_percent{};  // C, M, Y, K, averaged over the window
    Rect box;
};

// Where the window's total ink stays above a limit: one connected area, with its worst window.
struct InkExcess {
    Rect box;             // the windows above the limit, on the page
    double area_in2 = 0;  // of the window positions above the limit
    InkWindow worst;
};

// Total ink averaged over every `window`-sized square of the raster (a window of whole pixels,
// at least one).
struct InkMap {
    // The window with the most ink (the first, reading rows from the top, among equals); a
    // total of 0 when the raster is blank or smaller than a window.
    InkWindow peak;
    // The connected areas (4-neighbours) whose windows exceed `limit_percent`, the largest
    // first.
    std::vector<InkExcess> above(double limit_percent) const;

    const CmykRaster* raster = nullptr;
    int window_px = 1;
    int columns = 0;  // window positions across and down
    int rows = 0;
    std::vector<std::uint32_t> sums;  // per window position: the sum of its pixels' C+M+Y+K
    InkWindow window_at(int column, int row) const;
};
InkMap map_ink(const CmykRaster& raster, Length window);

// The inks of a barcode's bars and of the paper around them, drawn without anti-aliasing.
struct BarcodeInk {
    std::size_t pixels = 0;   // in the bars' box (none: nothing measured)
    double dark_share = 0;    // of the bars' box: pixels of ink (K 50% or more, or 100% total)
    double pure_k_share = 0;  // of those: 100% K alone (within 3%)
    double white_share = 0;   // of the light pixels, quiet zones included: no ink (within 3%)
    std::array<double, 4> dark_inks_percent{};   // the median bar pixel, C M Y K
    std::array<double, 4> light_inks_percent{};  // the median light pixel
    // No bars of ink where zbar read bars: the barcode is drawn in a colour the printer
    // converts (RGB), left out of the ink rendering.
    bool bars_converted() const { return dark_share < 0.15; }
    bool bars_pure_k() const { return pure_k_share >= 0.9; }
    bool on_white() const { return white_share >= 0.9; }
};
// `bars` and `quiet` are areas of the raster's page: the box zbar read the bars in, and the
// quiet zones beside them (none for an add-on).
BarcodeInk measure_barcode_ink(const CmykRaster& raster, const Rect& bars,
                               const std::vector<Rect>& quiet);

// "C60 M40 Y40 K100"
std::string inks_text(const std::array<double, 4>& inks_percent);

// The ink evidence of one cover, read when first asked for.
class InkEvidence {
  public:
    InkEvidence(std::filesystem::path file, Deadline deadline);
    ~InkEvidence();
    InkEvidence(const InkEvidence&) = delete;
    InkEvidence& operator=(const InkEvidence&) = delete;

    // The cover's ink at ink_ppi (`cover` on the page).
    const InkMap& ink(const Rect& cover);
    const PageMarks& marks();
    const PdfxFacts& pdfx();
    // The barcode's inks at barcode_ink_ppi (its box on the page).
    const BarcodeInk& barcode(const FoundBarcode& found);

  private:
    InkDocument& document();

    std::filesystem::path file_;
    Deadline deadline_;
    std::unique_ptr<InkDocument> document_;
    std::optional<CmykRaster> cover_raster_;
    std::optional<InkMap> ink_;
    std::optional<PageMarks> marks_;
    std::optional<PdfxFacts> pdfx_;
    std::map<std::string, BarcodeInk> barcodes_;
};

}  // namespace podcover::check
