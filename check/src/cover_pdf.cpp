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

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <utility>

#include "glyph_ink.hpp"
#include "jpeg_pixels.hpp"
#include "lone_image.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::check {
namespace {

Length from_pt(double points) {
    return Length::from_units(static_cast<Length::rep>(std::llround(points * 1000)) *
                              (Length::units_per_pt / 1000));
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
    }
    void restoreState(GfxState*) override {
        if (watch_)
            watch_->restore();
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

}  // namespace

struct CoverPdf::Impl {
    std::unique_ptr<PDFDoc> doc;
    Deadline deadline;
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
        Deadline until = deadline;
        doc->displayPage(&device, 1, 72, 72, 0, true, false, false, deadline_passed, &until);
        lone_image = until.passed() ? std::nullopt : watching.result();
    }
    return *lone_image ? &**lone_image : nullptr;
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
    const Page* page = doc.getPage(1);
    const double width = page->getMediaWidth(), height = page->getMediaHeight();
    // PDF's own limits: 3 to 14,400 units (200 in) a side (ISO 32000-1, annex C.2).
    if (!(width >= 3 && height >= 3 && width <= 14400 && height <= 14400)) {
        throw InputError(path.string() + ": the first page is " + format_number(width / 72, 4) +
                         " \xC3\x97 " + format_number(height / 72, 4) +
                         " in, not a size a cover can have");
    }
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

Inventory CoverPdf::inventory() const {
    Collecting collecting(impl_->messages);
    Inventory inventory;
    LoneImageWatch watch = impl_->watch();
    InventoryDevice device(inventory, &watch);
    Deadline deadline = impl_->deadline;
    impl_->doc->displayPage(&device, 1, 72, 72, 0, true, false, false, deadline_passed, &deadline);
    if (deadline.passed())
        throw InputError(path_.string() +
                         ": reading the page took too long; the PDF may be damaged");
    impl_->lone_image = watch.result();

    TextOutputDev text(nullptr, true, 0, false, false);
    impl_->doc->displayPage(&text, 1, 72, 72, 0, true, false, false, deadline_passed, &deadline);
    if (deadline.passed())
        throw InputError(path_.string() + ": reading the page's text took too long");
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
               word->getFontSize(),
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
        throw InputError(path_.string() + ": reading the page's glyph outlines took too long");
    std::sort(inventory.shapes.begin(), inventory.shapes.end(), [](const Shape& a, const Shape& b) {
        return a.box.width.in() * a.box.height.in() > b.box.width.in() * b.box.height.in();
    });
    if (inventory.shapes.size() > Inventory::max_shapes) {
        inventory.shapes.resize(Inventory::max_shapes);
        inventory.shapes_truncated = true;
    }
    return inventory;
}

PageGlyphList CoverPdf::glyphs() const {
    Collecting collecting(impl_->messages);
    const PageGlyphs measured = measure_glyph_ink(*impl_->doc, 1, impl_->deadline);
    if (impl_->deadline.passed())
        throw InputError(path_.string() + ": reading the page's glyph outlines took too long");
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

}  // namespace

RenderedArea CoverPdf::render(double pixels_per_inch, std::optional<Rect> area,
                              std::size_t max_pixels, Fidelity fidelity) const {
    Collecting collecting(impl_->messages);
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
    const auto [wanted, ppi] = rendering_of(page_size(), area, pixels_per_inch, max_pixels);

    SplashColor paper;
    paper[0] = paper[1] = paper[2] = 0xFF;
    SplashOutputDev splash(splashModeRGB8, 4, false, paper);
    splash.startDoc(impl_->doc.get());
    Deadline deadline = impl_->deadline;
    const int x = static_cast<int>(std::floor(wanted.x.in() * ppi));
    const int y = static_cast<int>(std::floor(wanted.y.in() * ppi));
    const int w = std::max(1, static_cast<int>(std::ceil(wanted.right().in() * ppi)) - x);
    const int h = std::max(1, static_cast<int>(std::ceil(wanted.bottom().in() * ppi)) - y);
    impl_->doc->displayPageSlice(&splash, 1, ppi, ppi, 0, true, false, false, x, y, w, h,
                                 deadline_passed, &deadline);
    if (deadline.passed())
        throw InputError(path_.string() +
                         ": rendering the page took too long; the PDF may be damaged");
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
