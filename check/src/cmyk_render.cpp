#include "cmyk_render.hpp"

#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Page.h>
#include <SplashOutputDev.h>
#include <Stream.h>
#include <goo/GooString.h>
#include <splash/SplashBitmap.h>

#include <algorithm>
#include <cmath>

#include "jpeg_pixels.hpp"
#include "pdf_stream_bytes.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/text.hpp"
#include "wording.hpp"

namespace podcover::check {
namespace {

// Points and inches to a Length, clamped far outside any page (10^8 pt) as cover_pdf.cpp's
// from_pt is: a hostile text matrix (10^21) gives glyph boxes and font sizes whose units no
// Length holds (llround's result is then unspecified; UBSan found `Length() - near`
// overflowing on it).
constexpr double far_pt = 1e8;
Length from_pt(double points) {
    const double clamped = std::isfinite(points) ? std::clamp(points, -far_pt, far_pt) : 0.0;
    return Length::from_units(
        static_cast<Length::rep>(std::llround(clamped * Length::units_per_pt)));
}
Length from_in(double inches) {
    const double far_in = far_pt / 72;
    const double clamped = std::isfinite(inches) ? std::clamp(inches, -far_in, far_in) : 0.0;
    return Length::from_units(
        static_cast<Length::rep>(std::llround(clamped * Length::units_per_in)));
}

// A box in device points (the displayed page, y down) being grown point by point.
struct PointBox {
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    bool empty() const { return x1 < x0 || y1 < y0; }
    void add(double x, double y) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
    }
    void add(const PointBox& other) {
        if (!other.empty()) {
            add(other.x0, other.y0);
            add(other.x1, other.y1);
        }
    }
    // Cut to the clip (what is drawn lies inside it).
    PointBox clipped(const GfxState& state) const {
        double cx0 = 0, cy0 = 0, cx1 = 0, cy1 = 0;
        state.getClipBBox(&cx0, &cy0, &cx1, &cy1);
        return PointBox{std::max(x0, cx0), std::max(y0, cy0), std::min(x1, cx1), std::min(y1, cy1)};
    }
    Rect rect() const {
        return Rect::from_edges(from_pt(x0), from_pt(y0), from_pt(x1), from_pt(y1));
    }
};

bool deadline_passed(void* data) {
    return static_cast<const Deadline*>(data)->passed();
}

// The family of the colour space a colour is given in: Indexed by its base; a spot ink
// (Separation, DeviceN) is an ink of its own, printed as itself or through its alternate.
InkFamily family_of(GfxColorSpace* space) {
    if (!space)
        return InkFamily::process;
    switch (space->getMode()) {
        case csDeviceGray:
        case csCalGray:
            return InkFamily::gray;
        case csDeviceRGB:
        case csCalRGB:
        case csLab:
            return InkFamily::converted;
        case csICCBased:
            return space->getNComps() == 1   ? InkFamily::gray
                   : space->getNComps() == 3 ? InkFamily::converted
                                             : InkFamily::process;
        case csIndexed:
            return family_of(static_cast<GfxIndexedColorSpace*>(space)->getBase());
        case csDeviceCMYK:
        case csSeparation:
        case csDeviceN:
        case csPattern:
            return InkFamily::process;
    }
    return InkFamily::process;
}

// Content the printer converts (RGB, Lab), unless it is pure white: white is paper in every
// conversion, and a white box (behind a barcode, say) must still hide what it covers.
bool converted_ink(GfxColorSpace* space, const GfxColor* color) {
    if (family_of(space) != InkFamily::converted)
        return false;
    if (!color)
        return true;
    GfxRGB rgb;
    space->getRGB(color, &rgb);
    return !(rgb.r >= gfxColorComp1 && rgb.g >= gfxColorComp1 && rgb.b >= gfxColorComp1);
}

// DCTDecode's /ColorTransform, -1 when absent.
int color_transform_of(Stream* str) {
    Dict* dict = str->getDict();
    if (!dict)
        return -1;
    Object parameters = dict->lookup("DecodeParms");
    if (parameters.isArray() && parameters.arrayGetLength() == 1)
        parameters = parameters.arrayGet(0);
    if (parameters.isDict()) {
        const Object transform = parameters.dictLookup("ColorTransform");
        if (transform.isInt())
            return transform.getInt();
    }
    return -1;
}

// Splash in CMYK with what the printer converts left out (InkDocument::render).
class OwnInkDevice : public SplashOutputDev {
  public:
    OwnInkDevice(SplashColorPtr paper, XRef* document_xref, const Deadline& deadline,
                 bool reduce_jpegs)
        : SplashOutputDev(splashModeCMYK8, 1, false, paper, true, splashThinLineDefault, true),
          document_xref_(document_xref),
          deadline_(deadline),
          reduce_jpegs_(reduce_jpegs) {}

    void fill(GfxState* state) override {
        if (!converted_fill(state))
            SplashOutputDev::fill(state);
    }
    void eoFill(GfxState* state) override {
        if (!converted_fill(state))
            SplashOutputDev::eoFill(state);
    }
    void stroke(GfxState* state) override {
        if (!converted_ink(state->getStrokeColorSpace(), state->getStrokeColor()))
            SplashOutputDev::stroke(state);
    }
    void drawChar(GfxState* state, double x, double y, double dx, double dy, double origin_x,
                  double origin_y, CharCode code, int bytes, const Unicode* u,
                  int u_length) override {
        // Modes 4 to 7 add the glyph to a clip as well, which must still happen.
        const int mode = state->getRender();
        const bool fills = mode == 0 || mode == 2, strokes = mode == 1 || mode == 2;
        const bool left_out =
            mode < 4 && (!fills || converted_fill(state)) &&
            (!strokes || converted_ink(state->getStrokeColorSpace(), state->getStrokeColor()));
        if (!left_out)
            SplashOutputDev::drawChar(state, x, y, dx, dy, origin_x, origin_y, code, bytes, u,
                                      u_length);
    }
    void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                       bool invert, bool interpolate, bool inline_image) override {
        if (converted_fill(state)) {
            // The base class skips an inline image's data, which must be consumed.
            OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate,
                                     inline_image);
            return;
        }
        SplashOutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate,
                                       inline_image);
    }
    void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                   GfxImageColorMap* colour_map, bool interpolate, const int* mask_colours,
                   bool inline_image) override {
        if (converted_image(colour_map)) {
            OutputDev::drawImage(state, ref, str, width, height, colour_map, interpolate,
                                 mask_colours, inline_image);
            return;
        }
        if (reduce_jpegs_ && !inline_image && str->getKind() == strDCT &&
            colour_map->getBits() == 8 &&
            draw_jpeg_reduced(state, ref, str, width, height, colour_map, interpolate,
                              mask_colours))
            return;
        SplashOutputDev::drawImage(state, ref, str, width, height, colour_map, interpolate,
                                   mask_colours, inline_image);
    }
    void drawMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                         GfxImageColorMap* colour_map, bool interpolate, Stream* mask,
                         int mask_width, int mask_height, bool mask_invert,
                         bool mask_interpolate) override {
        if (!converted_image(colour_map))
            SplashOutputDev::drawMaskedImage(state, ref, str, width, height, colour_map,
                                             interpolate, mask, mask_width, mask_height,
                                             mask_invert, mask_interpolate);
    }
    void drawSoftMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                             GfxImageColorMap* colour_map, bool interpolate, Stream* mask,
                             int mask_width, int mask_height, GfxImageColorMap* mask_colour_map,
                             bool mask_interpolate) override {
        if (!converted_image(colour_map))
            SplashOutputDev::drawSoftMaskedImage(state, ref, str, width, height, colour_map,
                                                 interpolate, mask, mask_width, mask_height,
                                                 mask_colour_map, mask_interpolate);
    }
    // A shading in a converted space draws nothing (it is handled); Gfx breaks the shadings
    // Splash does not draw itself into fills, which fill() sees in the shading's space.
    bool functionShadedFill(GfxState* state, GfxFunctionShading* shading) override {
        return converted_shading(shading) || SplashOutputDev::functionShadedFill(state, shading);
    }
    bool axialShadedFill(GfxState* state, GfxAxialShading* shading, double t_min,
                         double t_max) override {
        return converted_shading(shading) ||
               SplashOutputDev::axialShadedFill(state, shading, t_min, t_max);
    }
    bool radialShadedFill(GfxState* state, GfxRadialShading* shading, double t_min,
                          double t_max) override {
        return converted_shading(shading) ||
               SplashOutputDev::radialShadedFill(state, shading, t_min, t_max);
    }
    bool gouraudTriangleShadedFill(GfxState* state, GfxGouraudTriangleShading* shading) override {
        return converted_shading(shading) ||
               SplashOutputDev::gouraudTriangleShadedFill(state, shading);
    }

  private:
    // A JPEG drawn from the part of it the rendering shows, decoded by libjpeg at the smallest
    // DCT scale M/8 that still gives a sample per device pixel: a flattened cover's 300 ppi
    // JPEG is decoded at 2/8 for the 50.8 ppi ink rendering, and only a barcode's corner of it
    // at 300 ppi, where Splash would decode all of it at full size each time. False when it cannot
    // be (a turned image, data libjpeg refuses): Splash draws it then.
    bool draw_jpeg_reduced(GfxState* state, Object* ref, Stream* str, int width, int height,
                           GfxImageColorMap* colour_map, bool interpolate,
                           const int* mask_colours) {
        const double* m = state->getCTM();
        if (std::abs(m[1]) > 1e-9 || std::abs(m[2]) > 1e-9 || m[0] == 0 || m[3] == 0)
            return false;
        // Image column i lies at device x = m[0] i / width + m[4]; row j (from the top) at
        // y = m[3] (1 - j / height) + m[5].
        double clip_x0 = 0, clip_y0 = 0, clip_x1 = 0, clip_y1 = 0;
        state->getClipBBox(&clip_x0, &clip_y0, &clip_x1, &clip_y1);
        const double left = std::min(m[4], m[4] + m[0]), right = std::max(m[4], m[4] + m[0]);
        const double top = std::min(m[5], m[5] + m[3]), bottom = std::max(m[5], m[5] + m[3]);
        const double vx0 = std::max(left, clip_x0), vx1 = std::min(right, clip_x1);
        const double vy0 = std::max(top, clip_y0), vy1 = std::min(bottom, clip_y1);
        if (vx0 >= vx1 || vy0 >= vy1)
            return true;  // nothing of it shows
        auto column = [&](double x) { return (x - m[4]) / m[0] * width; };
        auto row = [&](double y) { return (1 - (y - m[5]) / m[3]) * height; };
        const double c0 = std::min(column(vx0), column(vx1)),
                     c1 = std::max(column(vx0), column(vx1));
        const double r0 = std::min(row(vy0), row(vy1)), r1 = std::max(row(vy0), row(vy1));
        int scale = 1;
        while (scale < 8 && (jpeg_scaled_size(width, scale) < std::abs(m[0]) ||
                             jpeg_scaled_size(height, scale) < std::abs(m[3])))
            ++scale;
        const int scaled_width = jpeg_scaled_size(width, scale);
        const int scaled_height = jpeg_scaled_size(height, scale);
        // The visible part in scaled samples, a sample wider each way for Splash's filtering.
        const int x0 =
            std::clamp(static_cast<int>(std::floor(c0 * scale / 8)) - 1, 0, scaled_width);
        const int x1 = std::clamp(static_cast<int>(std::ceil(c1 * scale / 8)) + 1, 0, scaled_width);
        const int y0 =
            std::clamp(static_cast<int>(std::floor(r0 * scale / 8)) - 1, 0, scaled_height);
        const int y1 =
            std::clamp(static_cast<int>(std::ceil(r1 * scale / 8)) + 1, 0, scaled_height);
        if (x0 >= x1 || y0 >= y1)
            return true;
        if (scale == 8 && x1 - x0 == width && y1 - y0 == height)
            return false;  // all of it at full size: Splash's own way costs the same
        JpegSamples samples;
        try {
            PdfStreamBytes bytes(str->getNextStream(), deadline_);
            samples = decode_jpeg(bytes, scale, PixelWindow{x0, y0, x1 - x0, y1 - y0},
                                  color_transform_of(str));
        } catch (const JpegError&) {
            return false;
        }
        if (samples.image_width != width || samples.image_height != height ||
            samples.components != colour_map->getNumPixelComps())
            return false;
        // The window drawn where it lies in the image's unit square.
        const double across = static_cast<double>(samples.window.width) / scaled_width;
        const double down = static_cast<double>(samples.window.height) / scaled_height;
        const double u0 = static_cast<double>(samples.window.x) / scaled_width;
        const double v0 =
            1 - static_cast<double>(samples.window.y + samples.window.height) / scaled_height;
        const std::array<double, 6> saved{m[0], m[1], m[2], m[3], m[4], m[5]};
        state->setCTM(saved[0] * across, 0, 0, saved[3] * down, saved[0] * u0 + saved[4],
                      saved[3] * v0 + saved[5]);
        MemStream window_stream(reinterpret_cast<const char*>(samples.samples.data()), 0,
                                static_cast<Goffset>(samples.samples.size()),
                                Object(new Dict(document_xref_)));
        SplashOutputDev::drawImage(state, ref, &window_stream, samples.window.width,
                                   samples.window.height, colour_map, interpolate, mask_colours,
                                   false);
        state->setCTM(saved[0], saved[1], saved[2], saved[3], saved[4], saved[5]);
        return true;
    }

    static bool converted_fill(GfxState* state) {
        return converted_ink(state->getFillColorSpace(), state->getFillColor());
    }
    static bool converted_image(GfxImageColorMap* colour_map) {
        return colour_map && family_of(colour_map->getColorSpace()) == InkFamily::converted;
    }
    static bool converted_shading(GfxShading* shading) {
        return family_of(shading->getColorSpace()) == InkFamily::converted;
    }

    XRef* document_xref_;
    const Deadline& deadline_;
    bool reduce_jpegs_;
};

std::string utf8_of(const Unicode* u, int length) {
    std::u32string characters;
    for (int i = 0; i < length; ++i) {
        if (u[i] < 0x110000)
            characters.push_back(static_cast<char32_t>(u[i]));
    }
    return render::to_utf8(characters);
}

std::string percent(double fraction) {
    return std::to_string(static_cast<int>(std::lround(fraction * 100))) + "%";
}

std::string blend_mode_name(GfxBlendMode mode) {
    switch (mode) {
        case gfxBlendNormal:
            return "Normal";
        case gfxBlendMultiply:
            return "Multiply";
        case gfxBlendScreen:
            return "Screen";
        case gfxBlendOverlay:
            return "Overlay";
        case gfxBlendDarken:
            return "Darken";
        case gfxBlendLighten:
            return "Lighten";
        case gfxBlendColorDodge:
            return "ColorDodge";
        case gfxBlendColorBurn:
            return "ColorBurn";
        case gfxBlendHardLight:
            return "HardLight";
        case gfxBlendSoftLight:
            return "SoftLight";
        case gfxBlendDifference:
            return "Difference";
        case gfxBlendExclusion:
            return "Exclusion";
        case gfxBlendHue:
            return "Hue";
        case gfxBlendSaturation:
            return "Saturation";
        case gfxBlendColor:
            return "Color";
        case gfxBlendLuminosity:
            return "Luminosity";
    }
    return "unknown";
}

// Records the page's text with its inks, and its transparency, without drawing: the device
// is 72 dpi and upside down, so device coordinates are points from the displayed page's
// top-left corner.
class MarksDevice : public OutputDev {
  public:
    explicit MarksDevice(PageMarks& marks) : marks_(marks) {}

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return true; }
    bool interpretType3Chars() override { return false; }
    bool needNonText() override { return true; }
    bool useShadedFills(int) override { return true; }

    void saveState(GfxState*) override { soft_masks_.push_back(soft_masks_.back()); }
    void restoreState(GfxState*) override {
        if (soft_masks_.size() > 1)
            soft_masks_.pop_back();
    }
    void setSoftMask(GfxState*, const double*, bool, Function*, GfxColor*) override {
        soft_masks_.back() = true;
    }
    void clearSoftMask(GfxState*) override { soft_masks_.back() = false; }
    void beginTransparencyGroup(GfxState*, const double*, GfxColorSpace*, bool, bool,
                                bool for_soft_mask) override {
        groups_.push_back(Group{for_soft_mask, {}});
        if (!for_soft_mask)
            ++marks_.transparency_groups;
    }
    void endTransparencyGroup(GfxState*) override {
        if (groups_.empty())
            return;
        ended_ = groups_.back();
        groups_.pop_back();
    }
    // A group is painted as one object: with its opacity, blend mode and soft mask.
    void paintTransparencyGroup(GfxState* state, const double*) override {
        if (ended_.for_soft_mask || ended_.content.empty() || in_soft_mask())
            return;
        drawn(*state, ended_.content, state->getFillOpacity());
    }

    void fill(GfxState* state) override { path(*state, state->getFillOpacity(), 0); }
    void eoFill(GfxState* state) override { path(*state, state->getFillOpacity(), 0); }
    void stroke(GfxState* state) override {
        path(*state, state->getStrokeOpacity(), state->getTransformedLineWidth() / 2);
    }
    bool axialShadedFill(GfxState* state, GfxAxialShading*, double, double) override {
        return shading(*state);
    }
    bool radialShadedFill(GfxState* state, GfxRadialShading*, double, double) override {
        return shading(*state);
    }
    bool functionShadedFill(GfxState* state, GfxFunctionShading*) override {
        return shading(*state);
    }
    bool gouraudTriangleShadedFill(GfxState* state, GfxGouraudTriangleShading*) override {
        return shading(*state);
    }
    bool patchMeshShadedFill(GfxState* state, GfxPatchMeshShading*) override {
        return shading(*state);
    }

    void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                       bool invert, bool interpolate, bool inline_image) override {
        image(*state, nullptr);
        OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_image);
    }
    void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                   GfxImageColorMap* colour_map, bool interpolate, const int* mask_colours,
                   bool inline_image) override {
        image(*state, nullptr);
        // The base class skips an inline image's data, which must be consumed.
        OutputDev::drawImage(state, ref, str, width, height, colour_map, interpolate, mask_colours,
                             inline_image);
    }
    void drawMaskedImage(GfxState* state, Object*, Stream*, int, int, GfxImageColorMap*, bool,
                         Stream*, int, int, bool, bool) override {
        image(*state, nullptr);
    }
    void drawSoftMaskedImage(GfxState* state, Object*, Stream*, int, int, GfxImageColorMap*, bool,
                             Stream* mask, int mask_width, int mask_height,
                             GfxImageColorMap* mask_colour_map, bool) override {
        if (in_soft_mask())
            return;
        // An RGBA PNG whose alpha hides nothing (GIMP and Canva export one): img2pdf keeps it
        // as a soft mask, which flattening leaves as it is. PDF/X still names it.
        if (opaque(mask, mask_width, mask_height, mask_colour_map)) {
            ++marks_.opaque_soft_masks;
            image(*state, nullptr);
        } else {
            image(*state, "an image with a soft mask (SMask)");
        }
    }
    // Whether a soft mask's every sample is opaque (255 of 255).
    static bool opaque(Stream* mask, int width, int height, GfxImageColorMap* colour_map) {
        if (!mask || !colour_map || width <= 0 || height <= 0)
            return false;
        const int components = colour_map->getNumPixelComps();
        const int bits = colour_map->getBits();
        if (components != 1 || bits > 8)
            return false;
        // Each sample value's opacity once (ImageStream gives a byte per sample).
        std::array<bool, 256> opaque_value{};
        for (int value = 0; value < (1 << bits); ++value) {
            const auto sample = static_cast<unsigned char>(value);
            GfxGray gray;
            colour_map->getGray(&sample, &gray);
            opaque_value[static_cast<std::size_t>(value)] = colToByte(gray) == 255;
        }
        ImageStream samples(mask, width, components, bits);
        samples.reset();
        bool all = true;
        for (int row = 0; row < height && all; ++row) {
            const unsigned char* line = samples.getLine();
            all = line &&
                  std::all_of(line, line + width, [&](unsigned char v) { return opaque_value[v]; });
        }
        samples.close();
        return all;
    }

    void drawChar(GfxState* state, double x, double y, double dx, double dy, double, double,
                  CharCode, int, const Unicode* u, int u_length) override {
        const int mode = state->getRender() & 3;
        if (mode == 3 || in_soft_mask())
            return;
        // The glyph's advance, and its em across the baseline (0.8 up, 0.2 down).
        double tx = 0, ty = 0, up_x = 0, up_y = 0;
        state->textTransformDelta(0, state->getFontSize(), &tx, &ty);
        state->transformDelta(tx, ty, &up_x, &up_y);
        PointBox box;
        for (const double along : {0.0, 1.0}) {
            for (const double across : {-0.2, 0.8}) {
                box.add(x + along * dx + across * up_x, y + along * dy + across * up_y);
            }
        }
        if (box.empty())
            return;
        const bool fills = mode == 0 || mode == 2;
        GfxColorSpace* space = fills ? state->getFillColorSpace() : state->getStrokeColorSpace();
        const GfxColor* colour = fills ? state->getFillColor() : state->getStrokeColor();
        drawn(*state, box, fills ? state->getFillOpacity() : state->getStrokeOpacity());

        std::array<double, 4> inks{};
        if (space && space->getMode() != csPattern) {
            GfxCMYK cmyk;
            space->getCMYK(colour, &cmyk);
            inks = {colToDbl(cmyk.c), colToDbl(cmyk.m), colToDbl(cmyk.y), colToDbl(cmyk.k)};
        }
        const InkFamily family = family_of(space);
        const double size = state->getTransformedFontSize();
        const std::string text = utf8_of(u, u_length);
        // A character continues the last run when it is set the same way and starts near where
        // the run ends (within half an em): the words of a line, not a page of them.
        if (!marks_.text.empty()) {
            PaintedText& run = marks_.text.back();
            const Rect glyph = box.rect();
            const Length near = from_pt(size / 2);
            if (run.family == family && run.cmyk == inks &&
                std::abs(run.font_size_pt - size) < 0.01 &&
                run.box.inset(Length() - near).overlaps(glyph)) {
                // Not where the last glyph ended: a word or a line further on.
                const double off = std::hypot(x - run_end_x_, y - run_end_y_);
                if (run.text.size() < max_run_text) {
                    if (off > 0.15 * size && !run.text.empty() && run.text.back() != ' ')
                        run.text += ' ';
                    run.text += text;
                }
                run.box = united(run.box, glyph);
                run_end_x_ = x + dx;
                run_end_y_ = y + dy;
                return;
            }
        }
        if (marks_.text.size() >= max_runs)
            return;
        marks_.text.push_back(PaintedText{text, box.rect(), size, family, inks});
        run_end_x_ = x + dx;
        run_end_y_ = y + dy;
    }

  private:
    // Bounds on what a page of text may make the checker hold: a run's text is for messages
    // (quoted to 60 characters), and a cover sets a few hundred runs at most.
    static constexpr std::size_t max_run_text = 200;
    static constexpr std::size_t max_runs = 100'000;

    struct Group {
        bool for_soft_mask = false;
        PointBox content;
    };

    bool in_soft_mask() const {
        return std::any_of(groups_.begin(), groups_.end(),
                           [](const Group& g) { return g.for_soft_mask; });
    }

    void path(GfxState& state, double opacity, double half_width) {
        if (in_soft_mask())
            return;
        const GfxPath* p = state.getPath();
        PointBox box;
        for (int i = 0; i < p->getNumSubpaths(); ++i) {
            const GfxSubpath* sub = p->getSubpath(i);
            for (int j = 0; j < sub->getNumPoints(); ++j) {
                double x = 0, y = 0;
                state.transform(sub->getX(j), sub->getY(j), &x, &y);
                box.add(x - half_width, y - half_width);
                box.add(x + half_width, y + half_width);
            }
        }
        drawn(state, box, opacity);
    }
    bool shading(GfxState& state) {
        if (!in_soft_mask()) {
            double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
            state.getClipBBox(&x0, &y0, &x1, &y1);
            drawn(state, PointBox{x0, y0, x1, y1}, state.getFillOpacity());
        }
        return true;
    }
    void image(GfxState& state, const char* soft_mask) {
        if (in_soft_mask())
            return;
        PointBox box;
        for (const auto& [u, v] : {std::pair{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
            double x = 0, y = 0;
            state.transform(u, v, &x, &y);
            box.add(x, y);
        }
        drawn(state, box, state.getFillOpacity());
        if (soft_mask)
            use(soft_mask, box.clipped(state));
    }

    // Something is drawn over `box`: it belongs to the group being drawn, and uses the
    // transparency the state applies to it.
    void drawn(const GfxState& state, const PointBox& unclipped, double opacity) {
        const PointBox box = unclipped.clipped(state);
        if (box.empty())
            return;
        if (!groups_.empty())
            groups_.back().content.add(box);
        if (opacity < 0.999)
            use("opacity " + percent(opacity), box);
        if (state.getBlendMode() != gfxBlendNormal)
            use("the blend mode " + blend_mode_name(state.getBlendMode()), box);
        if (soft_masks_.back())
            use("a soft mask", box);
    }
    void use(const std::string& what, const PointBox& box) {
        if (box.empty())
            return;
        for (TransparencyUse& known : marks_.transparency) {
            if (known.what == what) {
                known.box = united(known.box, box.rect());
                return;
            }
        }
        marks_.transparency.push_back(TransparencyUse{what, box.rect()});
    }

    PageMarks& marks_;
    double run_end_x_ = 0;  // where the last run's last glyph ended, in device points
    double run_end_y_ = 0;
    std::vector<bool> soft_masks_{false};
    std::vector<Group> groups_;
    Group ended_;
};

// A text string of the document information or an output intent: PDFDocEncoding or UTF-16BE.
std::string text_of(const Object& object) {
    if (!object.isString())
        return object.isName() ? object.getName() : "";
    const std::string& bytes = object.getString()->toStr();
    if (!GooString::hasUnicodeMarker(bytes))
        return bytes;
    // The keys PDF/X names are ASCII; a tool may still write them as UTF-16BE. Characters
    // outside the BMP (surrogates) are not among them.
    std::vector<Unicode> units;
    for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
        const auto high = static_cast<unsigned char>(bytes[i]);
        const auto low = static_cast<unsigned char>(bytes[i + 1]);
        const auto unit = static_cast<Unicode>(high << 8 | low);
        units.push_back(unit >= 0xD800 && unit < 0xE000 ? Unicode{'?'} : unit);
    }
    return utf8_of(units.data(), static_cast<int>(units.size()));
}

}  // namespace

Rect CmykRaster::area(int x0, int y0, int x1, int y1) const {
    return Rect::from_edges(
        origin_x + from_in(x0 / pixels_per_inch), origin_y + from_in(y0 / pixels_per_inch),
        origin_x + from_in(x1 / pixels_per_inch), origin_y + from_in(y1 / pixels_per_inch));
}

Raster::Span CmykRaster::span(const Rect& page_area) const {
    auto px = [&](Length l) { return l.in() * pixels_per_inch; };
    Raster::Span s;
    s.x0 = std::clamp(static_cast<int>(std::floor(px(page_area.left() - origin_x))), 0, width);
    s.y0 = std::clamp(static_cast<int>(std::floor(px(page_area.top() - origin_y))), 0, height);
    s.x1 = std::clamp(static_cast<int>(std::ceil(px(page_area.right() - origin_x))), 0, width);
    s.y1 = std::clamp(static_cast<int>(std::ceil(px(page_area.bottom() - origin_y))), 0, height);
    return s;
}

struct InkDocument::Impl {
    std::filesystem::path path;
    std::unique_ptr<PDFDoc> doc;
    Deadline deadline;
    Rect page;  // the first page as displayed, from its MediaBox and /Rotate
};

InkDocument::~InkDocument() = default;

std::unique_ptr<InkDocument> InkDocument::open(const std::filesystem::path& path,
                                               Deadline deadline) {
    // CoverPdf::open has set Poppler's settings up; a test's poppler-cpp may have taken them
    // down since.
    if (!globalParams)
        globalParams = std::make_unique<GlobalParams>();
    auto opened = std::unique_ptr<InkDocument>(new InkDocument());
    opened->impl_ = std::make_unique<Impl>();
    opened->impl_->path = path;
    opened->impl_->deadline = deadline;
    opened->impl_->doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(path.string()));
    Page* page = opened->impl_->doc->isOk() ? opened->impl_->doc->getPage(1) : nullptr;
    if (!page)
        throw InputError(path.string() + ": the PDF could not be read again to measure its ink");
    const PDFRectangle* media = page->getMediaBox();
    GfxState state(72, 72, media, page->getRotate(), true);
    PointBox box;
    double x = 0, y = 0;
    state.transform(media->x1, media->y1, &x, &y);
    box.add(x, y);
    state.transform(media->x2, media->y2, &x, &y);
    box.add(x, y);
    opened->impl_->page = Rect{Length(), Length(), box.rect().width, box.rect().height};
    return opened;
}

CmykRaster InkDocument::render(double pixels_per_inch, const Rect& wanted, bool antialias,
                               std::size_t max_pixels, JpegDecoding jpeg) const {
    const std::optional<Rect> on_page = wanted.intersection(impl_->page);
    if (!on_page)
        return CmykRaster{};
    const Rect& area = *on_page;
    double ppi = pixels_per_inch;
    const double pixels = area.width.in() * ppi * area.height.in() * ppi;
    if (pixels > static_cast<double>(max_pixels))
        ppi *= std::sqrt(static_cast<double>(max_pixels) / pixels);
    SplashColor paper;
    paper[0] = paper[1] = paper[2] = paper[3] = 0;
    Deadline deadline = impl_->deadline;
    OwnInkDevice splash(paper, impl_->doc->getXRef(), deadline, jpeg == JpegDecoding::reduced);
    splash.setFontAntialias(antialias);
    splash.setVectorAntialias(antialias);
    splash.startDoc(impl_->doc.get());
    const int x = static_cast<int>(std::floor(area.x.in() * ppi));
    const int y = static_cast<int>(std::floor(area.y.in() * ppi));
    const int w = std::max(1, static_cast<int>(std::ceil(area.right().in() * ppi)) - x);
    const int h = std::max(1, static_cast<int>(std::ceil(area.bottom().in() * ppi)) - y);
    impl_->doc->displayPageSlice(&splash, 1, ppi, ppi, 0, true, false, false, x, y, w, h,
                                 deadline_passed, &deadline);
    if (deadline.passed())
        throw InputError(impl_->path.string() +
                         ": rendering the page's ink took too long; the PDF may be damaged");
    SplashBitmap* bitmap = splash.getBitmap();
    CmykRaster raster;
    raster.width = bitmap->getWidth();
    raster.height = bitmap->getHeight();
    raster.pixels_per_inch = ppi;
    raster.origin_x = from_in(x / ppi);
    raster.origin_y = from_in(y / ppi);
    raster.cmyk.resize(static_cast<std::size_t>(raster.width) * raster.height * 4);
    const int row_size = bitmap->getRowSize();
    const unsigned char* data = bitmap->getDataPtr();
    for (int row = 0; row < raster.height; ++row) {
        std::copy_n(data + static_cast<std::ptrdiff_t>(row) * row_size, raster.width * 4,
                    raster.cmyk.begin() + static_cast<std::ptrdiff_t>(row) * raster.width * 4);
    }
    return raster;
}

PageMarks InkDocument::marks() const {
    PageMarks marks;
    MarksDevice device(marks);
    Deadline deadline = impl_->deadline;
    impl_->doc->displayPage(&device, 1, 72, 72, 0, true, false, false, deadline_passed, &deadline);
    if (deadline.passed())
        throw InputError(impl_->path.string() +
                         ": reading the page's colours took too long; the PDF may be damaged");
    return marks;
}

PdfxFacts InkDocument::pdfx() const {
    PDFDoc& doc = *impl_->doc;
    PdfxFacts facts;
    facts.pdf_major = doc.getPDFMajorVersion();
    facts.pdf_minor = doc.getPDFMinorVersion();
    const Object info = doc.getDocInfo();
    if (info.isDict()) {
        auto entry = [&](const char* key) -> std::optional<std::string> {
            const Object value = info.dictLookup(key);
            if (!value.isString() && !value.isName())
                return std::nullopt;
            return text_of(value);
        };
        facts.version = entry("GTS_PDFXVersion");
        facts.conformance = entry("GTS_PDFXConformance");
        facts.trapped = entry("Trapped");
    }
    const Object catalog = doc.getXRef()->getCatalog();
    if (catalog.isDict()) {
        const Object intents = catalog.dictLookup("OutputIntents");
        for (int i = 0; intents.isArray() && i < intents.arrayGetLength(); ++i) {
            const Object intent = intents.arrayGet(i);
            if (!intent.isDict() || !intent.dictLookup("S").isName("GTS_PDFX"))
                continue;
            PdfxFacts::OutputIntent found;
            found.condition = text_of(intent.dictLookup("OutputConditionIdentifier"));
            const Object profile = intent.dictLookup("DestOutputProfile");
            if (profile.isStream()) {
                found.profile = true;
                const Object channels = profile.streamGetDict()->lookup("N");
                found.profile_channels = channels.isInt() ? channels.getInt() : 0;
            }
            facts.output_intents.push_back(std::move(found));
        }
    }
    const Object page = doc.getXRef()->fetch(doc.getPage(1)->getRef());
    if (page.isDict()) {
        const Object group = page.dictLookup("Group");
        facts.page_group = group.isDict() && group.dictLookup("S").isName("Transparency");
    }
    GooString permanent, changing;
    facts.has_id = doc.getID(&permanent, &changing);
    return facts;
}

}  // namespace podcover::check
