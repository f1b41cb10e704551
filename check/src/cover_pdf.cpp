#include "podcover/check/cover_pdf.hpp"

#include <FontInfo.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Page.h>
#include <SplashOutputDev.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>
#include <splash/SplashBitmap.h>

#include <time.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <utility>

#include "content_limits.hpp"
#include "glyph_ink.hpp"
#include "jpeg_pixels.hpp"
#include "lone_image.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::check {
namespace {

// Points to a Length. Coordinates are clamped far outside any page (PDF pages are at most
// 14,400 units a side) so that a hostile file's huge numbers (a 10^21 text matrix, a MediaBox
// 10^15 units from the origin) cannot overflow a Length: what lies there is off the page.
Length from_pt(double points) {
    constexpr double far_pt = 1e8;
    const double clamped = std::isfinite(points) ? std::clamp(points, -far_pt, far_pt) : 0.0;
    return Length::from_units(static_cast<Length::rep>(std::llround(clamped * 1000)) *
                              (Length::units_per_pt / 1000));
}

// A font size, kept within what a page can show (a hostile text matrix makes it 10^21 or more).
double finite_size(double points) {
    return std::isfinite(points) ? std::clamp(points, -1e6, 1e6) : 1e6;
}

Rect rect_from_pt(double x0, double y0, double x1, double y1) {
    return Rect::from_edges(from_pt(std::min(x0, x1)), from_pt(std::min(y0, y1)),
                            from_pt(std::max(x0, x1)), from_pt(std::max(y0, y1)));
}

// Poppler reports problems through one global callback; they are collected for the
// document being read (libraries never print).
thread_local std::vector<std::string>* current_messages = nullptr;

void collect_poppler_error(ErrorCategory, Goffset, const char* message) {
    if (current_messages && current_messages->size() < 50)
        current_messages->push_back(message);
}

// Poppler's settings are one global. Another user of Poppler in the same process (its C++
// wrapper, poppler-cpp, in the tests) deletes them when its last document closes and installs
// its own error callback, so both are set again whenever a document is opened.
void start_poppler() {
    static std::mutex starting;
    const std::lock_guard<std::mutex> lock(starting);
    if (!globalParams)
        globalParams = std::make_unique<GlobalParams>();
    setErrorCallback(collect_poppler_error);
}

// Routes Poppler's messages to a list while a call runs.
class Collecting {
  public:
    explicit Collecting(std::vector<std::string>& messages) : previous_(current_messages) {
        current_messages = &messages;
    }
    ~Collecting() { current_messages = previous_; }
    Collecting(const Collecting&) = delete;
    Collecting& operator=(const Collecting&) = delete;

  private:
    std::vector<std::string>* previous_;
};

bool deadline_passed(void* data) {
    return static_cast<const Deadline*>(data)->passed();
}

// Poppler's abort check for the inventory: the deadline, or the device's own refusal.
struct Stop {
    Deadline deadline;
    const std::optional<LimitError>* refused = nullptr;
};
bool stop_requested(void* data) {
    const auto* stop = static_cast<const Stop*>(data);
    return stop->refused->has_value() || stop->deadline.passed();
}

// TextOutputDev, without what it does not need to read text and Gfx would otherwise draw
// piece by piece: the tiles of a tiling pattern (10^11 of them for 0.001 pt tiles) and the
// subdivided triangles of a shading.
class TextDevice final : public TextOutputDev {
  public:
    TextDevice() : TextOutputDev(nullptr, true, 0, false, false) {}
    bool useTilingPatternFill() override { return true; }
    bool tilingPatternFill(GfxState*, Gfx*, Catalog*, GfxTilingPattern*, const double*, int, int,
                           int, int, double, double) override {
        return true;
    }
    bool useShadedFills(int) override { return true; }
    bool functionShadedFill(GfxState*, GfxFunctionShading*) override { return true; }
    bool axialShadedFill(GfxState*, GfxAxialShading*, double, double) override { return true; }
    bool radialShadedFill(GfxState*, GfxRadialShading*, double, double) override { return true; }
    bool gouraudTriangleShadedFill(GfxState*, GfxGouraudTriangleShading*) override { return true; }
    bool patchMeshShadedFill(GfxState*, GfxPatchMeshShading*) override { return true; }
};

std::string colour_space_name(GfxColorSpace* space) {
    if (!space)
        return "none";
    switch (space->getMode()) {
        case csDeviceGray:
            return "DeviceGray";
        case csCalGray:
            return "CalGray";
        case csDeviceRGB:
            return "DeviceRGB";
        case csCalRGB:
            return "CalRGB";
        case csDeviceCMYK:
            return "DeviceCMYK";
        case csLab:
            return "Lab";
        case csICCBased:
            return space->getNComps() == 4   ? "ICCBased CMYK"
                   : space->getNComps() == 3 ? "ICCBased RGB"
                                             : "ICCBased Gray";
        case csIndexed:
            return "Indexed " +
                   colour_space_name(static_cast<GfxIndexedColorSpace*>(space)->getBase());
        case csSeparation:
            return "Separation";
        case csDeviceN:
            return "DeviceN";
        case csPattern:
            return "Pattern";
    }
    return "unknown";
}

// Records what is drawn, without drawing it: the device is 72 dpi and upside down, so device
// coordinates are points from the displayed page's top-left corner.
class InventoryDevice : public OutputDev {
  public:
    // `watch`, when given, is shown everything too (it may be null).
    InventoryDevice(Inventory& inventory, LoneImageWatch* watch)
        : inventory_(inventory), watch_(watch) {}

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return true; }
    bool interpretType3Chars() override { return false; }
    bool needNonText() override { return true; }
    // Shadings are recorded as one shape each rather than broken into many small fills.
    bool useShadedFills(int) override { return true; }

    void fill(GfxState* state) override {
        if (watch_)
            watch_->fill(state);
        path(state, true);
    }
    void eoFill(GfxState* state) override {
        if (watch_)
            watch_->fill(state);
        path(state, true);
    }
    void stroke(GfxState* state) override {
        disqualify();
        path(state, false);
    }
    void saveState(GfxState*) override {
        if (watch_)
            watch_->save();
        // The scan before drawing counts nesting as Poppler's parser reads the content; should
        // the two ever read it differently, the first drawing still stops (stop_requested).
        if (++depth_ > ContentLimits{}.save_depth + 1 && !refusal_) {
            refusal_ = LimitError(
                "save-depth",
                "page 1 nests saved graphics states (q) and forms more than " +
                    grouped_count(static_cast<std::uint64_t>(ContentLimits{}.save_depth)) +
                    " deep; the PDF is damaged or built to exhaust readers: export "
                    "the cover again");
        }
    }
    void restoreState(GfxState*) override {
        if (watch_)
            watch_->restore();
        --depth_;
    }
    // Why the drawing was stopped, if it was: the message without the file's name.
    const std::optional<LimitError>& refusal() const { return refusal_; }
    const std::optional<LimitError>* refusal_flag() const { return &refusal_; }

    // A tiling pattern is one shape, its tiles not drawn one by one: Gfx draws each tile as a
    // form, and a pattern of 0.001 pt tiles has 10^11 of them.
    bool useTilingPatternFill() override { return true; }
    bool tilingPatternFill(GfxState* state, Gfx*, Catalog*, GfxTilingPattern*, const double*,
                           int x0, int y0, int x1, int y1, double, double) override {
        const std::int64_t tiles = std::max<std::int64_t>(0, std::int64_t{x1} - x0) *
                                   std::max<std::int64_t>(0, std::int64_t{y1} - y0);
        if (tiles > ContentLimits{}.pattern_tiles && !refusal_) {
            refusal_ = LimitError(
                "pattern-tiles",
                "page 1 fills an area with a tiling pattern of " +
                    grouped_count(static_cast<std::uint64_t>(tiles)) + " tiles, more than the " +
                    grouped_count(static_cast<std::uint64_t>(ContentLimits{}.pattern_tiles)) +
                    " podcover draws; the PDF is damaged or built to exhaust "
                    "readers: export the cover again");
        }
        shading(state);
        inventory_.color_spaces.insert("pattern");
        return true;
    }
    void updateCTM(GfxState*, double a, double b, double c, double d, double e, double f) override {
        if (watch_)
            watch_->concat(a, b, c, d, e, f);
    }
    void clip(GfxState* state) override {
        if (watch_)
            watch_->clip(state, false);
    }
    void eoClip(GfxState* state) override {
        if (watch_)
            watch_->clip(state, true);
    }
    void clipToStrokePath(GfxState*) override { disqualify(); }
    void setSoftMask(GfxState*, const double*, bool, Function*, GfxColor*) override {
        disqualify();
    }
    void beginTransparencyGroup(GfxState*, const double*, GfxColorSpace*, bool, bool,
                                bool) override {
        disqualify();
    }
    void setSoftMaskFromImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                                  bool invert, bool inline_image, double* base_matrix) override {
        disqualify();
        OutputDev::setSoftMaskFromImageMask(state, ref, str, width, height, invert, inline_image,
                                            base_matrix);
    }
    bool axialShadedFill(GfxState* state, GfxAxialShading*, double, double) override {
        return shading(state);
    }
    bool radialShadedFill(GfxState* state, GfxRadialShading*, double, double) override {
        return shading(state);
    }
    bool functionShadedFill(GfxState* state, GfxFunctionShading*) override {
        return shading(state);
    }
    bool gouraudTriangleShadedFill(GfxState* state, GfxGouraudTriangleShading*) override {
        return shading(state);
    }
    bool patchMeshShadedFill(GfxState* state, GfxPatchMeshShading*) override {
        return shading(state);
    }

    void drawChar(GfxState* state, double, double, double, double, double, double, CharCode, int,
                  const Unicode*, int) override {
        if (watch_)
            watch_->character(state);
        // Render mode 3 is invisible text (as OCR layers use): it prints nothing.
        if ((state->getRender() & 3) != 3)
            inventory_.color_spaces.insert(colour_space_name(state->getFillColorSpace()));
    }

    void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                       bool invert, bool interpolate, bool inline_image) override {
        disqualify();
        image(state, str, width, height, nullptr, true);
        OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_image);
    }
    void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                   GfxImageColorMap* colour_map, bool interpolate, const int* mask_colours,
                   bool inline_image) override {
        if (watch_) {
            watch_->image(state, ref, str, width, height, colour_map, interpolate, mask_colours,
                          inline_image);
        }
        image(state, str, width, height, colour_map, false);
        // The base class skips an inline image's data, which must be consumed.
        OutputDev::drawImage(state, ref, str, width, height, colour_map, interpolate, mask_colours,
                             inline_image);
    }
    void drawMaskedImage(GfxState* state, Object*, Stream* str, int width, int height,
                         GfxImageColorMap* colour_map, bool, Stream*, int, int, bool,
                         bool) override {
        disqualify();
        image(state, str, width, height, colour_map, false);
    }
    void drawSoftMaskedImage(GfxState* state, Object*, Stream* str, int width, int height,
                             GfxImageColorMap* colour_map, bool, Stream*, int, int,
                             GfxImageColorMap*, bool) override {
        disqualify();
        image(state, str, width, height, colour_map, false);
    }

  private:
    Inventory& inventory_;
    LoneImageWatch* watch_;
    int depth_ = 0;
    std::optional<LimitError> refusal_;

    void disqualify() {
        if (watch_)
            watch_->disqualify();
    }

    void shape(const Rect& box, bool filled) {
        if (inventory_.shapes.size() >= Inventory::max_shapes * 2) {
            // Keep the largest: sort and halve, so memory stays bounded on huge vector art.
            std::sort(inventory_.shapes.begin(), inventory_.shapes.end(),
                      [](const Shape& a, const Shape& b) {
                          return a.box.width.in() * a.box.height.in() >
                                 b.box.width.in() * b.box.height.in();
                      });
            inventory_.shapes.resize(Inventory::max_shapes);
            inventory_.shapes_truncated = true;
        }
        inventory_.shapes.push_back(Shape{box, filled});
    }

    void path(GfxState* state, bool filled) {
        const GfxPath* p = state->getPath();
        // A stroke's subpaths are lines of their own (templates and export tools draw all
        // their marks as one path); a fill's make one shape.
        const bool each = !filled && p->getNumSubpaths() <= 64;
        double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
        for (int i = 0; i < p->getNumSubpaths(); ++i) {
            const GfxSubpath* sub = p->getSubpath(i);
            for (int j = 0; j < sub->getNumPoints(); ++j) {
                double x = 0, y = 0;
                state->transform(sub->getX(j), sub->getY(j), &x, &y);
                x0 = std::min(x0, x);
                y0 = std::min(y0, y);
                x1 = std::max(x1, x);
                y1 = std::max(y1, y);
            }
            if (each && x0 <= x1) {
                shape(rect_from_pt(x0, y0, x1, y1), filled);
                x0 = y0 = 1e300;
                x1 = y1 = -1e300;
            }
        }
        inventory_.color_spaces.insert(
            colour_space_name(filled ? state->getFillColorSpace() : state->getStrokeColorSpace()));
        if (!each && x0 <= x1)
            shape(rect_from_pt(x0, y0, x1, y1), filled);
    }

    bool shading(GfxState* state) {
        disqualify();
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        state->getClipBBox(&x0, &y0, &x1, &y1);
        shape(rect_from_pt(x0, y0, x1, y1), true);
        inventory_.color_spaces.insert("shading");
        return true;
    }

    void image(GfxState* state, Stream* str, int width, int height, GfxImageColorMap* colour_map,
               bool mask) {
        // The image fills the unit square of its user space: its corners through the CTM.
        double xs[4], ys[4];
        const double corners[4][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
        for (int i = 0; i < 4; ++i)
            state->transform(corners[i][0], corners[i][1], &xs[i], &ys[i]);
        PlacedImage placed;
        placed.box = rect_from_pt(*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
                                  *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4));
        double clip_x0 = 0, clip_y0 = 0, clip_x1 = 0, clip_y1 = 0;
        state->getClipBBox(&clip_x0, &clip_y0, &clip_x1, &clip_y1);
        // Clips that do not meet leave the bounding box inside out: nothing shows.
        const Rect nothing{placed.box.x, placed.box.y, Length(), Length()};
        placed.visible =
            clip_x0 < clip_x1 && clip_y0 < clip_y1
                ? placed.box.intersection(rect_from_pt(clip_x0, clip_y0, clip_x1, clip_y1))
                      .value_or(nothing)
                : nothing;
        placed.width_px = width;
        placed.height_px = height;
        // Sizes along the image's own axes, so that a rotated image is measured right.
        const double* m = state->getCTM();
        const double across_in = std::hypot(m[0], m[1]) / 72, down_in = std::hypot(m[2], m[3]) / 72;
        const double ppi_x = across_in > 0 ? width / across_in : 0,
                     ppi_y = down_in > 0 ? height / down_in : 0;
        placed.pixels_per_inch = std::min(ppi_x, ppi_y);
        placed.mask = mask;
        placed.jpeg = str && str->getKind() == strDCT;
        placed.color_space = colour_map ? colour_space_name(colour_map->getColorSpace()) : "mask";
        if (colour_map)
            inventory_.color_spaces.insert(placed.color_space);
        inventory_.images.push_back(std::move(placed));
    }
};

// An image's data as Splash reads it, ending (end of file) once the deadline passes: decoding
// one large image is a single operator, which Poppler's own deadline check cannot interrupt.
// Splash then finishes the image from nothing and Gfx stops at its next check.
class DeadlineStream final : public Stream {
  public:
    DeadlineStream(Stream* stream, const Deadline& deadline)
        : stream_(stream), deadline_(deadline) {}

    StreamKind getKind() const override { return strWeird; }
    void reset() override { stream_->reset(); }
    void close() override { stream_->close(); }
    int getChar() override {
        if (stopped_)
            return EOF;
        if (++read_ % 65536 == 0)
            watch();
        return stream_->getChar();
    }
    int lookChar() override { return stopped_ ? EOF : stream_->lookChar(); }
    int getRawChar() override { return getChar(); }
    void getRawChars(int count, int* buffer) override {
        for (int i = 0; i < count; ++i)
            buffer[i] = getChar();
    }
    int getUnfilteredChar() override { return getChar(); }
    void unfilteredReset() override { reset(); }
    Goffset getPos() override { return stream_->getPos(); }
    void setPos(Goffset position, int direction) override { stream_->setPos(position, direction); }
    bool isBinary(bool last) const override { return stream_->isBinary(last); }
    BaseStream* getBaseStream() override { return stream_->getBaseStream(); }
    Stream* getUndecodedStream() override { return stream_->getUndecodedStream(); }
    Dict* getDict() override { return stream_->getDict(); }
    Object* getDictObject() override { return stream_->getDictObject(); }
    void getImageParams(int* bits, StreamColorSpaceMode* mode) override {
        stream_->getImageParams(bits, mode);
    }

  private:
    Stream* stream_;
    const Deadline& deadline_;
    std::uint64_t read_ = 0;
    bool stopped_ = false;

    bool hasGetChars() override { return true; }
    int getChars(int count, unsigned char* buffer) override {
        if (stopped_)
            return 0;
        const int read = stream_->doGetChars(count, buffer);
        const std::uint64_t before = read_;
        read_ += static_cast<std::uint64_t>(std::max(read, 0));
        if (read_ / 65536 != before / 65536)
            watch();
        return read;
    }
    void watch() {
        if (deadline_.passed())
            stopped_ = true;
    }
};

// Splash, its images read through DeadlineStream.
class DeadlineSplash final : public SplashOutputDev {
  public:
    DeadlineSplash(SplashColorPtr paper, const Deadline& deadline)
        : SplashOutputDev(splashModeRGB8, 4, false, paper), deadline_(deadline) {}

    void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                       bool invert, bool interpolate, bool inline_image) override {
        DeadlineStream data(str, deadline_);
        SplashOutputDev::drawImageMask(state, ref, &data, width, height, invert, interpolate,
                                       inline_image);
    }
    void setSoftMaskFromImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                                  bool invert, bool inline_image, double* base_matrix) override {
        DeadlineStream data(str, deadline_);
        SplashOutputDev::setSoftMaskFromImageMask(state, ref, &data, width, height, invert,
                                                  inline_image, base_matrix);
    }
    void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                   GfxImageColorMap* colour_map, bool interpolate, const int* mask_colours,
                   bool inline_image) override {
        DeadlineStream data(str, deadline_);
        SplashOutputDev::drawImage(state, ref, &data, width, height, colour_map, interpolate,
                                   mask_colours, inline_image);
    }
    void drawMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                         GfxImageColorMap* colour_map, bool interpolate, Stream* mask_str,
                         int mask_width, int mask_height, bool mask_invert,
                         bool mask_interpolate) override {
        DeadlineStream data(str, deadline_), mask(mask_str, deadline_);
        SplashOutputDev::drawMaskedImage(state, ref, &data, width, height, colour_map, interpolate,
                                         &mask, mask_width, mask_height, mask_invert,
                                         mask_interpolate);
    }
    void drawSoftMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                             GfxImageColorMap* colour_map, bool interpolate, Stream* mask_str,
                             int mask_width, int mask_height, GfxImageColorMap* mask_colour_map,
                             bool mask_interpolate) override {
        DeadlineStream data(str, deadline_), mask(mask_str, deadline_);
        SplashOutputDev::drawSoftMaskedImage(state, ref, &data, width, height, colour_map,
                                             interpolate, &mask, mask_width, mask_height,
                                             mask_colour_map, mask_interpolate);
    }

    // A pattern of more tiles than the limit is refused by the inventory before any rendering;
    // should a rendering come first, it is left out rather than drawn tile by tile.
    bool tilingPatternFill(GfxState* state, Gfx* gfx, Catalog* catalog, GfxTilingPattern* pattern,
                           const double* matrix, int x0, int y0, int x1, int y1, double x_step,
                           double y_step) override {
        const std::int64_t tiles = std::max<std::int64_t>(0, std::int64_t{x1} - x0) *
                                   std::max<std::int64_t>(0, std::int64_t{y1} - y0);
        if (tiles > ContentLimits{}.pattern_tiles)
            return true;
        return SplashOutputDev::tilingPatternFill(state, gfx, catalog, pattern, matrix, x0, y0, x1,
                                                  y1, x_step, y_step);
    }

  private:
    const Deadline& deadline_;
};

std::string font_type_name(FontInfo::Type type) {
    switch (type) {
        case FontInfo::Type1:
            return "Type 1";
        case FontInfo::Type1C:
            return "Type 1C";
        case FontInfo::Type1COT:
            return "Type 1C (OT)";
        case FontInfo::Type3:
            return "Type 3";
        case FontInfo::TrueType:
            return "TrueType";
        case FontInfo::TrueTypeOT:
            return "TrueType (OT)";
        case FontInfo::CIDType0:
            return "CID Type 0";
        case FontInfo::CIDType0C:
            return "CID Type 0C";
        case FontInfo::CIDType0COT:
            return "CID Type 0C (OT)";
        case FontInfo::CIDTrueType:
            return "CID TrueType";
        case FontInfo::CIDTrueTypeOT:
            return "CID TrueType (OT)";
        case FontInfo::unknown:
            break;
    }
    return "unknown";
}

// An entry of the page dictionary, or of the page tree above it for inheritable entries
// (ISO 32000-1, 7.7.3.4), as the file gives it: Poppler replaces a MediaBox it cannot read by
// 8.5 x 11 in and ignores a /Rotate that is no multiple of 90.
Object page_entry(XRef* xref, Ref page_ref, const char* key, bool inherited) {
    Object node = xref->fetch(page_ref);
    for (int level = 0; level < 64 && node.isDict(); ++level) {
        Object value = node.dictLookup(key);
        if (!value.isNull() || !inherited)
            return value;
        node = node.dictLookup("Parent");
    }
    return Object(objNull);
}

// A PDF array of simple objects as written: [0 0 nan nan].
std::string pdf_text(const Object& value) {
    if (value.isNum())
        return format_number(value.getNum(), 4);
    if (value.isName())
        return std::string("/") + value.getName();
    if (value.isCmd())
        return value.getCmd();
    if (value.isArray()) {
        std::string text = "[";
        for (int i = 0; i < value.arrayGetLength() && i < 8; ++i)
            text += (i ? " " : "") + pdf_text(value.arrayGet(i));
        return text + (value.arrayGetLength() > 8 ? " ...]" : "]");
    }
    return std::string("(") + value.getTypeName() + ")";
}

// Refuses a first page whose size Poppler would make up or misread.
void check_page_size(const std::filesystem::path& path, PDFDoc& doc) {
    XRef* xref = doc.getXRef();
    const Ref page_ref =
        doc.getCatalog()->getPageRef(1) ? *doc.getCatalog()->getPageRef(1) : Ref::INVALID();
    if (page_ref == Ref::INVALID())
        return;
    const std::string where = path.string() + ": page 1";
    const Object box = page_entry(xref, page_ref, "MediaBox", true);
    if (box.isNull()) {
        throw InputError(where + " has no MediaBox (its size), which Poppler would take as 8.5 " +
                         "\xC3\x97 11 in; export the cover again");
    }
    bool numbers = box.isArray() && box.arrayGetLength() == 4;
    for (int i = 0; numbers && i < 4; ++i) {
        const Object corner = box.arrayGet(i);
        numbers = corner.isNum() && std::isfinite(corner.getNum());
    }
    if (!numbers) {
        throw InputError(where + "'s MediaBox " + pdf_text(box) +
                         " is not four numbers (PDF numbers have no exponent, nan or inf), so "
                         "its size is unknown (Poppler would take it as 8.5 \xC3\x97 11 in); "
                         "export the cover again");
    }
    const double width = std::abs(box.arrayGet(2).getNum() - box.arrayGet(0).getNum());
    const double height = std::abs(box.arrayGet(3).getNum() - box.arrayGet(1).getNum());
    if (!(width > 0 && height > 0)) {
        throw InputError(where + "'s MediaBox " + pdf_text(box) +
                         " has no area (Poppler would take it as 8.5 \xC3\x97 11 in); export the "
                         "cover again");
    }
    // PDF 1.6's UserUnit makes a unit larger than a point (for pages over 200 in): the page's
    // size and everything on it are then not what podcover, measuring in points, sees.
    const Object unit = page_entry(xref, page_ref, "UserUnit", false);
    if (unit.isNum() && unit.getNum() != 1) {
        const double scale = unit.getNum();
        throw InputError(where + " declares /UserUnit " + format_number(scale, 4) +
                         ": its units are " + format_number(scale, 4) + "/72 in, so it is " +
                         format_number(width * scale / 72, 4) + " \xC3\x97 " +
                         format_number(height * scale / 72, 4) +
                         " in, which podcover does not check (it measures in points); export the "
                         "cover without a UserUnit");
    }
}

}  // namespace

struct CoverPdf::Impl {
    std::unique_ptr<PDFDoc> doc;
    Deadline deadline;
    ContentCost content_cost;  // counted before anything is drawn
    mutable std::vector<std::string> messages;

    Page* page() const { return doc->getPage(1); }

    // A box of the first page's default user space, as displayed.
    Rect displayed(const PDFRectangle& box) const {
        GfxState state(72, 72, page()->getMediaBox(), page()->getRotate(), true);
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        state.transform(box.x1, box.y1, &x0, &y0);
        state.transform(box.x2, box.y2, &x1, &y1);
        return rect_from_pt(x0, y0, x1, y1);
    }

    std::optional<Rect> box_if_present(const char* key, const PDFRectangle* box) const {
        Object page_object = doc->getXRef()->fetch(page()->getRef());
        if (!page_object.isDict() || !page_object.dictLookup(key).isArray())
            return std::nullopt;
        return displayed(*box);
    }

    // ---- a page that is one JPEG ----------------------------------------------------------

    // Whether the first page is one JPEG (and what it takes to paint it), once known: found with
    // the inventory, or by render() when it comes first.
    mutable std::optional<std::optional<LoneImage>> lone_image;
    mutable LoneImagePainter lone_image_painter;

    LoneImageWatch watch() const { return LoneImageWatch(doc->getXRef(), *page()); }
    const LoneImage* find_lone_image() const;
};

const LoneImage* CoverPdf::Impl::find_lone_image() const {
    if (!lone_image) {
        Inventory scratch;
        LoneImageWatch watching = watch();
        InventoryDevice device(scratch, &watching);
        Stop stop{deadline, device.refusal_flag()};
        doc->displayPage(&device, 1, 72, 72, 0, true, false, false, stop_requested, &stop);
        lone_image = stop.deadline.passed() || device.refusal() ? std::optional<LoneImage>()
                                                                : watching.result();
    }
    return *lone_image ? &**lone_image : nullptr;
}

ProcessorClock::time_point ProcessorClock::now() noexcept {
    timespec used{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used);
    return time_point(std::chrono::seconds(used.tv_sec) + std::chrono::nanoseconds(used.tv_nsec));
}

LimitError Deadline::error(const std::string& file) const {
    const double seconds = static_cast<double>(allowed.count()) / 1000;
    return LimitError("time", file + ": reading it took more than " + format_number(seconds, 1) +
                                  " s of processor time, the time allowed for its size; the PDF "
                                  "may be damaged or built to exhaust readers (--time-limit "
                                  "allows more)");
}

std::chrono::milliseconds check_time_limit(std::uintmax_t file_bytes) {
    // 3 s, and 7 s more per 650 MB (KDP's largest cover file).
    const auto megabytes =
        static_cast<std::int64_t>(std::min<std::uintmax_t>(file_bytes, 1ULL << 50) / 1'000'000);
    return std::chrono::milliseconds(3000 + megabytes * 7000 / 650);
}

CoverPdf::~CoverPdf() = default;

std::unique_ptr<CoverPdf> CoverPdf::open(const std::filesystem::path& path, Deadline deadline) {
    start_poppler();
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw InputError(path.string() + ": a folder, not a PDF; name the cover's PDF file");
    }
    if (!std::filesystem::is_regular_file(path, error)) {
        throw InputError(path.string() + ": no such file; check the path");
    }
    auto cover = std::unique_ptr<CoverPdf>(new CoverPdf());
    cover->path_ = path;
    cover->file_bytes_ = std::filesystem::file_size(path, error);
    if (cover->file_bytes_ == 0)
        throw InputError(path.string() + ": the file is empty (0 bytes); export the cover again");
    {
        // A PDF starts with %PDF- within its first 1024 bytes (ISO 32000-1, 7.5.2, and the
        // leeway readers give): anything else is not a PDF, whatever its name.
        std::ifstream in(path, std::ios::binary);
        std::string head(1024, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        if (head.find("%PDF-") == std::string::npos) {
            throw InputError(path.string() +
                             ": not a PDF podcover can read (it does not start with %PDF-); export "
                             "the cover as PDF");
        }
    }
    cover->impl_ = std::make_unique<Impl>();
    cover->impl_->deadline = deadline;
    Collecting collecting(cover->impl_->messages);
    cover->impl_->doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(path.string()));
    PDFDoc& doc = *cover->impl_->doc;
    if (!doc.isOk()) {
        const int code = doc.getErrorCode();
        if (code == errEncrypted) {
            throw InputError(path.string() +
                             ": the PDF needs a password to open; export it without one");
        }
        std::string reason = "not a PDF podcover can read";
        if (code == errDamaged || code == errBadCatalog)
            reason = "the PDF is damaged (truncated or corrupt) beyond repair";
        if (code == errOpenFile)
            reason = "the file cannot be opened";
        throw InputError(path.string() + ": " + reason + "; export the cover again");
    }
    if (doc.getNumPages() < 1 || !doc.getPage(1)) {
        throw InputError(path.string() + ": the PDF has no readable page; export the cover again");
    }
    check_page_size(path, doc);
    const Page* page = doc.getPage(1);
    const double width = page->getMediaWidth(), height = page->getMediaHeight();
    // PDF's own limits: 3 to 14,400 units (200 in) a side (ISO 32000-1, annex C.2).
    if (!(width >= 3 && height >= 3 && width <= 14400 && height <= 14400)) {
        throw InputError(path.string() + ": the first page is " + format_number(width / 72, 4) +
                         " \xC3\x97 " + format_number(height / 72, 4) +
                         " in, not a size a cover can have");
    }
    // What drawing the page asks of Poppler, refused before anything is drawn when over the
    // limits (content_limits.hpp).
    cover->impl_->content_cost = scan_page_content(doc, 1, path.string(), deadline);
    return cover;
}

int CoverPdf::pages() const {
    return impl_->doc->getNumPages();
}
bool CoverPdf::encrypted() const {
    return impl_->doc->isEncrypted();
}
int CoverPdf::rotation() const {
    return impl_->page()->getRotate();
}

std::optional<double> CoverPdf::rotate_entry() const {
    const Object rotate =
        page_entry(impl_->doc->getXRef(), impl_->page()->getRef(), "Rotate", true);
    if (!rotate.isNum())
        return std::nullopt;
    return rotate.getNum();
}

Size CoverPdf::page_size() const {
    return impl_->displayed(*impl_->page()->getMediaBox()).size();
}

std::optional<Rect> CoverPdf::trim_box() const {
    return impl_->box_if_present("TrimBox", impl_->page()->getTrimBox());
}
std::optional<Rect> CoverPdf::bleed_box() const {
    return impl_->box_if_present("BleedBox", impl_->page()->getBleedBox());
}

bool CoverPdf::has_annotations() const {
    Collecting collecting(impl_->messages);
    Annots* annots = impl_->page()->getAnnots();
    return annots && !annots->getAnnots().empty();
}

std::vector<FontUse> CoverPdf::fonts() const {
    Collecting collecting(impl_->messages);
    FontInfoScanner scanner(impl_->doc.get(), 0);
    std::vector<FontUse> fonts;
    for (FontInfo* info : scanner.scan(1)) {
        const std::unique_ptr<FontInfo> owned(info);
        fonts.push_back(FontUse{info->getName().value_or("(unnamed)"),
                                font_type_name(info->getType()), info->getEmbedded(),
                                info->getSubset()});
    }
    return fonts;
}

namespace {

// The largest shapes first, at most Inventory::max_shapes of them.
Inventory sorted_shapes(Inventory inventory) {
    std::sort(inventory.shapes.begin(), inventory.shapes.end(), [](const Shape& a, const Shape& b) {
        return a.box.width.in() * a.box.height.in() > b.box.width.in() * b.box.height.in();
    });
    if (inventory.shapes.size() > Inventory::max_shapes) {
        inventory.shapes.resize(Inventory::max_shapes);
        inventory.shapes_truncated = true;
    }
    return inventory;
}

}  // namespace

Inventory CoverPdf::inventory() const {
    Collecting collecting(impl_->messages);
    Inventory inventory;
    LoneImageWatch watch = impl_->watch();
    InventoryDevice device(inventory, &watch);
    Stop stop{impl_->deadline, device.refusal_flag()};
    impl_->doc->displayPage(&device, 1, 72, 72, 0, true, false, false, stop_requested, &stop);
    if (device.refusal())
        throw LimitError(device.refusal()->limit(),
                         path_.string() + ": " + device.refusal()->what());
    Deadline deadline = impl_->deadline;
    if (deadline.passed())
        throw deadline.error(path_.string());
    impl_->lone_image = watch.result();

    // A page that shows no text (no text operator, no annotation) skips the passes that read
    // text: a third of the time of a page of many shapes.
    if (impl_->content_cost.glyphs == 0 && !has_annotations())
        return sorted_shapes(std::move(inventory));

    TextDevice text;
    impl_->doc->displayPage(&text, 1, 72, 72, 0, true, false, false, deadline_passed, &deadline);
    if (deadline.passed())
        throw deadline.error(path_.string());
    const auto list = text.makeWordList();
    for (int i = 0; list && i < list->getLength(); ++i) {
        const TextWord* word = list->get(i);
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        word->getBBox(&x0, &y0, &x1, &y1);
        const std::unique_ptr<GooString> content(word->getText());
        Word w{content ? content->toStr() : "",
               rect_from_pt(x0, y0, x1, y1),
               std::nullopt,
               word->getRotation(),
               finite_size(word->getFontSize()),
               from_pt(word->getBaseline()),
               word->getCharPos(),
               word->getCharLen()};
        inventory.words.push_back(std::move(w));
        if (const TextFontInfo* font = word->getFontInfo(0); font && font->getFontName()) {
            inventory.fonts_used.insert(font->getFontName()->toStr());
        }
    }
    // Where the words print: their glyphs' outlines, which their font boxes may overstate.
    if (!attach_ink(inventory.words, measure_glyph_ink(*impl_->doc, 1, deadline), deadline))
        throw deadline.error(path_.string());
    return sorted_shapes(std::move(inventory));
}

PageGlyphList CoverPdf::glyphs() const {
    Collecting collecting(impl_->messages);
    const PageGlyphs measured = measure_glyph_ink(*impl_->doc, 1, impl_->deadline);
    if (impl_->deadline.passed())
        throw impl_->deadline.error(path_.string());
    PageGlyphList list;
    list.char_count = measured.char_count;
    list.complete = !measured.truncated;
    list.glyphs.reserve(measured.glyphs.size());
    for (const GlyphInk& g : measured.glyphs) {
        list.glyphs.push_back(
            Glyph{g.char_pos, g.char_bytes, g.origin_x, g.origin_y, g.ink, g.outline_known});
    }
    return list;
}

bool CoverPdf::decodes_itself() const {
    Collecting collecting(impl_->messages);
    return impl_->find_lone_image() != nullptr;
}

namespace {

// The area of the page a rendering covers (the whole page when none is given), and the
// resolution asked, lowered if need be to keep it under `max_pixels`.
std::pair<Rect, double> rendering_of(const Size& page_size, std::optional<Rect> area,
                                     double pixels_per_inch, std::size_t max_pixels) {
    const Rect page{Length(), Length(), page_size.width, page_size.height};
    const Rect wanted = area ? area->intersection(page).value_or(Rect{}) : page;
    if (wanted.width <= Length() || wanted.height <= Length())
        throw std::invalid_argument("render: empty area");
    double ppi = pixels_per_inch;
    const double pixels = wanted.width.in() * ppi * wanted.height.in() * ppi;
    if (pixels > static_cast<double>(max_pixels))
        ppi *= std::sqrt(static_cast<double>(max_pixels) / pixels);
    return {wanted, ppi};
}

// An area with nothing of the page in it (a cover located beyond a small page's edge): paper
// white, for nothing prints outside the page.
std::optional<RenderedArea> blank_unless_on(const Size& page_size, const std::optional<Rect>& area,
                                            double pixels_per_inch, std::size_t max_pixels) {
    const Rect page{Length(), Length(), page_size.width, page_size.height};
    if (!area || area->intersection(page))
        return std::nullopt;
    double ppi = pixels_per_inch;
    const double pixels =
        std::max(area->width.in() * ppi, 1.0) * std::max(area->height.in() * ppi, 1.0);
    if (pixels > static_cast<double>(max_pixels))
        ppi *= std::sqrt(static_cast<double>(max_pixels) / pixels);
    RenderedArea blank;
    blank.source = "outside the page";
    blank.origin_x = area->x;
    blank.origin_y = area->y;
    blank.raster.width = std::max(1, static_cast<int>(std::ceil(area->width.in() * ppi)));
    blank.raster.height = std::max(1, static_cast<int>(std::ceil(area->height.in() * ppi)));
    blank.raster.pixels_per_inch = ppi;
    blank.raster.rgb.assign(static_cast<std::size_t>(blank.raster.width) * blank.raster.height * 3,
                            0xFF);
    return blank;
}

}  // namespace

RenderedArea CoverPdf::render(double pixels_per_inch, std::optional<Rect> area,
                              std::size_t max_pixels, Fidelity fidelity) const {
    Collecting collecting(impl_->messages);
    if (auto blank = blank_unless_on(page_size(), area, pixels_per_inch, max_pixels))
        return std::move(*blank);
    const auto [wanted, ppi] = rendering_of(page_size(), area, pixels_per_inch, max_pixels);
    try {
        if (const LoneImage* image = impl_->find_lone_image()) {
            if (auto decoded = impl_->lone_image_painter.render(
                    *impl_->doc, *image, ppi, wanted, max_pixels, impl_->deadline,
                    fidelity == Fidelity::geometry))
                return std::move(*decoded);
        }
    } catch (const JpegError&) {
        // Damaged or unusual JPEG data: Poppler renders it its own way, now and from now on.
        impl_->lone_image = std::optional<LoneImage>();
    }
    return render_by_poppler(ppi, wanted, max_pixels);
}

RenderedArea CoverPdf::render_by_poppler(double pixels_per_inch, std::optional<Rect> area,
                                         std::size_t max_pixels) const {
    Collecting collecting(impl_->messages);
    if (auto blank = blank_unless_on(page_size(), area, pixels_per_inch, max_pixels))
        return std::move(*blank);
    const auto [wanted, ppi] = rendering_of(page_size(), area, pixels_per_inch, max_pixels);

    SplashColor paper;
    paper[0] = paper[1] = paper[2] = 0xFF;
    Deadline deadline = impl_->deadline;
    DeadlineSplash splash(paper, deadline);
    splash.startDoc(impl_->doc.get());
    const int x = static_cast<int>(std::floor(wanted.x.in() * ppi));
    const int y = static_cast<int>(std::floor(wanted.y.in() * ppi));
    const int w = std::max(1, static_cast<int>(std::ceil(wanted.right().in() * ppi)) - x);
    const int h = std::max(1, static_cast<int>(std::ceil(wanted.bottom().in() * ppi)) - y);
    impl_->doc->displayPageSlice(&splash, 1, ppi, ppi, 0, true, false, false, x, y, w, h,
                                 deadline_passed, &deadline);
    if (deadline.passed())
        throw deadline.error(path_.string());
    SplashBitmap* bitmap = splash.getBitmap();
    RenderedArea rendered;
    rendered.source = "rendered by Poppler";
    rendered.origin_x =
        Length::from_units(static_cast<Length::rep>(std::llround(x / ppi * Length::units_per_in)));
    rendered.origin_y =
        Length::from_units(static_cast<Length::rep>(std::llround(y / ppi * Length::units_per_in)));
    Raster& raster = rendered.raster;
    raster.width = bitmap->getWidth();
    raster.height = bitmap->getHeight();
    raster.pixels_per_inch = ppi;
    raster.rgb.resize(static_cast<std::size_t>(raster.width) * raster.height * 3);
    const int row_size = bitmap->getRowSize();
    const unsigned char* data = bitmap->getDataPtr();
    for (int row = 0; row < raster.height; ++row) {
        std::copy_n(data + static_cast<std::ptrdiff_t>(row) * row_size, raster.width * 3,
                    raster.rgb.begin() + static_cast<std::ptrdiff_t>(row) * raster.width * 3);
    }
    return rendered;
}

std::vector<std::string> CoverPdf::problems() const {
    return impl_->messages;
}

}  // namespace podcover::check
