// The ink a cover's PDF sets, as a printer's RIP would see it: its first page rendered in CMYK by
// Poppler's Splash (splashModeCMYK8: Debian's Poppler 22.12 has no SPLASH_CMYK switch left in
// poppler-config.h or the splash headers, and renders CMYK8 and DeviceN8 as built), the text it
// draws with the inks of its colour, where it uses transparency, and the keys PDF/X names.
// Internal to the checker (ink_checks.cpp). Coordinates are CoverPdf's: the first page as
// displayed, inches from its top-left corner, y down.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "podcover/check/cover_pdf.hpp"

namespace podcover::check {

// CMYK pixels, 4 bytes each (0 no ink, 255 full ink), rows from the top, and where the raster's
// top-left corner lies on the page.
struct CmykRaster {
    int width = 0;
    int height = 0;
    double pixels_per_inch = 0;
    Length origin_x;
    Length origin_y;
    std::vector<std::uint8_t> cmyk;

    const std::uint8_t* pixel(int x, int y) const {
        return &cmyk[(static_cast<std::size_t>(y) * width + x) * 4];
    }
    // The page area of the pixels [x0, x1) x [y0, y1).
    Rect area(int x0, int y0, int x1, int y1) const;
    // The pixels covering a page area, clipped to the raster.
    Raster::Span span(const Rect& page_area) const;
};

// How a colour reaches the plates: set in process inks (CMYK, or a spot ink through its
// alternate), in gray (black ink only), or in a space the printer converts (RGB, Lab), whose
// inks the file does not set.
enum class InkFamily { process, gray, converted };

// A run of text as drawn: its characters, where, its size and its colour's inks.
struct PaintedText {
    std::string text;  // UTF-8
    Rect box;          // the run's advance by its em (0.8 em up, 0.2 em down), on the page
    double font_size_pt = 0;
    InkFamily family = InkFamily::process;
    std::array<double, 4> cmyk{};  // 0..1 each, as Poppler converts the colour
};

// One kind of transparency the page uses, and where (the union of what it applies to).
struct TransparencyUse {
    std::string what;  // "a soft mask", "opacity 50%", "the blend mode Multiply", ...
    Rect box;
};

struct PageMarks {
    std::vector<PaintedText> text;  // runs that print (render mode 3 prints nothing)
    std::vector<TransparencyUse> transparency;
    int transparency_groups = 0;  // form XObjects drawn as transparency groups
    int opaque_soft_masks = 0;    // images with a soft mask that hides nothing
};

// What PDF/X (ISO 15930-1 for PDF/X-1a:2001) names in a file's structure.
struct PdfxFacts {
    std::optional<std::string> version;      // Info /GTS_PDFXVersion: "PDF/X-1:2001", ...
    std::optional<std::string> conformance;  // Info /GTS_PDFXConformance: "PDF/X-1a:2001"
    std::optional<std::string> trapped;      // Info /Trapped: "True", "False", "Unknown"
    struct OutputIntent {
        std::string condition;  // OutputConditionIdentifier ("CGATS TR 001", "FOGRA39", ...)
        bool profile = false;   // a DestOutputProfile is embedded
        int profile_channels = 0;
    };
    std::vector<OutputIntent> output_intents;  // those with /S /GTS_PDFX
    bool page_group = false;  // the page is a transparency group (/Group /S /Transparency)
    int pdf_major = 0;
    int pdf_minor = 0;
    bool has_id = false;  // the trailer's /ID
};

// The cover's PDF opened for its ink (its own Poppler document, so that the checker's reading
// of the page is left as it is).
class InkDocument {
  public:
    ~InkDocument();
    InkDocument(const InkDocument&) = delete;
    InkDocument& operator=(const InkDocument&) = delete;

    // Throws InputError (exit 3) when Poppler cannot open what CoverPdf opened.
    static std::unique_ptr<InkDocument> open(const std::filesystem::path& path, Deadline deadline);

    // The area of the first page (clipped to the page; an empty raster when none of it is on
    // the page) in CMYK at `pixels_per_inch` (lowered to stay under `max_pixels`), with overprint
    // simulated, on paper of no ink. Content in a colour space the printer converts (RGB, Lab) is
    // left out, except pure white (no ink in any conversion): its inks are the converter's, not the
    // file's. Throws InputError when the deadline passes.
    //
    // A JPEG it shows only part of, or smaller than it is, is decoded at the smallest DCT scale
    // M/8 giving a sample per pixel, and only the part shown (OwnInkDevice); JpegDecoding::splash
    // has Splash decode it whole, for comparing.
    enum class JpegDecoding { reduced, splash };
    CmykRaster render(double pixels_per_inch, const Rect& wanted, bool antialias,
                      std::size_t max_pixels, JpegDecoding jpeg = JpegDecoding::reduced) const;
    // The text and transparency of the first page. Throws InputError when the deadline passes.
    PageMarks marks() const;
    PdfxFacts pdfx() const;

  private:
    InkDocument() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace podcover::check
