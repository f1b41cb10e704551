// A first page that is one JPEG and nothing else that prints (a flattened cover): how to tell,
// while the page's inventory is taken, and how to paint it from the JPEG itself, decoded at the
// scale asked (jpeg_pixels), with the pixels Poppler's Splash would render (splash_image),
// instead of having Poppler decode and convert every pixel of it for each rendering. Internal to
// the checker (cover_pdf.cpp).
#pragma once

#include <GfxState.h>
#include <Object.h>
#include <PDFDoc.h>
#include <Page.h>
#include <Stream.h>

#include <array>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "jpeg_pixels.hpp"
#include "podcover/check/cover_pdf.hpp"

namespace podcover::check {

// What it takes to paint the page from its JPEG.
struct LoneImage {
    Ref ref = Ref::INVALID();  // the image XObject
    int width_px = 0;
    int height_px = 0;
    ImageColour colour;
    int color_transform = -1;  // DCTDecode's /ColorTransform
    bool interpolate = false;
    // The matrices (cm, form matrices) in force where it is drawn, in order: replayed on a
    // rendering's own base matrix they give the matrix Poppler draws it with, to the last bit.
    std::vector<std::array<double, 6>> matrices;
    // The clips in force where it is drawn: each path as given (user space), the matrices it
    // was set under, and its fill rule. Splash itself clips the pixels to them (the painter).
    struct Clip {
        std::vector<std::array<double, 6>> matrices;
        struct Subpath {
            std::vector<double> xy;
            std::vector<bool> curve;  // the point is a Bezier's first control point
            bool closed = false;
        };
        std::vector<Subpath> subpaths;
        bool even_odd = false;
    };
    std::vector<Clip> clips;
    bool white_fills = false;    // white fills under it
    double pixels_per_inch = 0;  // the smaller of its two directions
};

// Watches what an output device is shown of the first page (cover_pdf.cpp's InventoryDevice
// passes everything on) for a LoneImage. Anything that prints besides the one image (text other
// than invisible, strokes, shadings, masks, a second image, a fill that is not white or comes
// after the image), or that Poppler would draw the image through (soft masks, transparency
// groups, opacity, blend modes, transfer functions, clips to a stroke), disqualifies the page.
class LoneImageWatch {
  public:
    // The watch of the first page `page` of the document with `xref`.
    LoneImageWatch(XRef* xref, Page& page);

    void disqualify() {
        disqualified_ = true;
        matrices_.clear();
        clips_.clear();
        saved_.clear();
    }
    void save() {
        if (!disqualified_)
            saved_.push_back({matrices_.size(), clips_.size()});
    }
    void restore() {
        if (disqualified_)
            return;
        if (saved_.empty()) {
            disqualify();
            return;
        }
        matrices_.resize(saved_.back().first);
        clips_.resize(saved_.back().second);
        saved_.pop_back();
    }
    void concat(double a, double b, double c, double d, double e, double f);
    void clip(GfxState* state, bool even_odd);

    // A fill before the image that paints white on the white page changes nothing.
    void fill(GfxState* state);

    // Text in render mode 3 (invisible, as OCR layers are) prints nothing; Type 3 glyphs are
    // drawn by their own content, which Poppler runs even then.
    void character(GfxState* state);

    // The one image, if it can be painted from its JPEG (the rest disqualifies the page).
    void image(GfxState* state, Object* ref, Stream* str, int width, int height,
               GfxImageColorMap* colour_map, bool interpolate, const int* mask_colours,
               bool inline_image);

    std::optional<LoneImage> result() const {
        if (disqualified_ || !image_)
            return std::nullopt;
        return image_;
    }

  private:
    XRef* xref_;
    PDFRectangle media_box_;
    int rotate_;
    bool disqualified_ = false;
    bool white_fills_ = false;
    std::vector<std::array<double, 6>> matrices_;
    std::vector<LoneImage::Clip> clips_;
    std::vector<std::pair<std::size_t, std::size_t>> saved_;
    std::optional<LoneImage> image_;
};

// Paints a page that is one JPEG; keeps the image's colour conversion (an lcms2 transform, for
// ICCBased images) between renderings.
class LoneImagePainter {
  public:
    // The first page of `doc` (or `wanted` of it) as Poppler's Splash would render it
    // (SplashOutputDev in RGB, as CoverPdf::render sets it up), from the JPEG decoded at the
    // smallest DCT scale M/8 that gives at least `pixels_per_inch` within `max_pixels` (the
    // rendering is then at that scale's resolution, which may be higher than asked). nullopt when
    // the image cannot be placed the way Splash places it (it is not upright at this scale, the
    // pixels would not fit); throws JpegError when its data cannot be decoded as Poppler would.
    // With `nearest_grid`, a decoded image that is at most one pixel wider or taller than the
    // place Splash scales it to is copied onto it as it is (the last row or column left out),
    // instead of being resampled to Poppler's pixels: for analysis, which needs the geometry to
    // a pixel, not Poppler's exact values, at a fraction of the time.
    std::optional<RenderedArea> render(PDFDoc& doc, const LoneImage& image, double pixels_per_inch,
                                       const Rect& wanted, std::size_t max_pixels,
                                       const Deadline& deadline, bool nearest_grid = false);

  private:
    std::unique_ptr<SplashColours> colours_;
};

}  // namespace podcover::check
