#include "glyph_ink.hpp"

#include <GfxFont.h>
#include <GfxState.h>
#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <splash/Splash.h>
#include <splash/SplashFont.h>
#include <splash/SplashPath.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <memory>
#include <numeric>
#include <unordered_map>

#include "wording.hpp"

namespace podcover::check {
namespace {

// Points to a Length. Coordinates are clamped far outside any page (PDF pages are at most
// 14,400 units a side) so that a hostile file's huge numbers cannot overflow a Length.
Length from_pt(double points) {
    constexpr double far_pt = 1e8;
    const double clamped = std::isfinite(points) ? std::clamp(points, -far_pt, far_pt) : 0.0;
    return Length::from_units(static_cast<Length::rep>(std::llround(clamped * 1000)) *
                              (Length::units_per_pt / 1000));
}

// The bounds of points.
struct Bounds {
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;

    bool empty() const { return x0 > x1; }
    void add(double x, double y) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
    }
    // A cubic Bézier segment: its end points and, between them, wherever the curve turns
    // back along x or y (where its derivative's component is zero). The control points
    // themselves may lie well outside the curve.
    void add_curve(const std::array<double, 2>& p0, const std::array<double, 2>& p1,
                   const std::array<double, 2>& p2, const std::array<double, 2>& p3) {
        add(p3[0], p3[1]);
        for (int axis = 0; axis < 2; ++axis) {
            const auto k = static_cast<std::size_t>(axis);
            // B'(t) / 3 = a t^2 + b t + c.
            const double a = -p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k];
            const double b = 2 * (p0[k] - 2 * p1[k] + p2[k]);
            const double c = p1[k] - p0[k];
            std::array<double, 2> roots{};
            int count = 0;
            if (std::abs(a) < 1e-12) {
                if (std::abs(b) > 1e-12)
                    roots[static_cast<std::size_t>(count++)] = -c / b;
            } else {
                const double discriminant = b * b - 4 * a * c;
                if (discriminant >= 0) {
                    const double root = std::sqrt(discriminant);
                    roots[static_cast<std::size_t>(count++)] = (-b + root) / (2 * a);
                    roots[static_cast<std::size_t>(count++)] = (-b - root) / (2 * a);
                }
            }
            for (int i = 0; i < count; ++i) {
                const double t = roots[static_cast<std::size_t>(i)];
                if (!(t > 0 && t < 1))
                    continue;
                const double u = 1 - t;
                const double x = u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] +
                                 t * t * t * p3[0];
                const double y = u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] +
                                 t * t * t * p3[1];
                add(x, y);
            }
        }
    }
    Rect rect() const {
        return Rect::from_edges(from_pt(x0), from_pt(y0), from_pt(x1), from_pt(y1));
    }
};

// The bounds of a Splash path's points through `place` (to the page), its curves bounded by the
// curves themselves.
template <class Place>
Bounds bound_path(SplashPath& path, Place place) {
    Bounds bounds;
    std::array<double, 2> previous{};
    auto point = [&](int i, unsigned char& flags) {
        double x = 0, y = 0;
        path.getPoint(i, &x, &y, &flags);
        return place(x, y);
    };
    const int length = path.getLength();
    for (int i = 0; i < length;) {
        unsigned char flags = 0;
        const std::array<double, 2> p = point(i, flags);
        // SplashPath::curveTo stores two control points flagged splashPathCurve, then the end
        // point.
        if ((flags & splashPathCurve) && i >= 1 && i + 2 < length) {
            unsigned char ignored = 0;
            const std::array<double, 2> control = point(i + 1, ignored);
            const std::array<double, 2> end = point(i + 2, ignored);
            bounds.add_curve(previous, p, control, end);
            previous = end;
            i += 3;
        } else {
            bounds.add(p[0], p[1]);
            previous = p;
            ++i;
        }
    }
    return bounds;
}

// The direction text runs in, in quarter turns, decided the way Poppler's TextOutputDev decides
// a word's (TextPage::beginWord), so that glyphs and words agree.
int rotation_of(const GfxState* state) {
    double m[4];
    state->getFontTransMat(&m[0], &m[1], &m[2], &m[3]);
    const std::shared_ptr<GfxFont>& font = state->getFont();
    if (font && font->getType() == fontType3) {
        const double* f = font->getFontMatrix();
        const double t[4] = {f[0] * m[0] + f[1] * m[2], f[0] * m[1] + f[1] * m[3],
                             f[2] * m[0] + f[3] * m[2], f[2] * m[1] + f[3] * m[3]};
        std::copy(t, t + 4, m);
    }
    int rotation = 0;
    if (std::abs(m[0] * m[3]) > std::abs(m[1] * m[2]))
        rotation = (m[0] > 0 || m[3] < 0) ? 0 : 2;
    else
        rotation = m[2] > 0 ? 1 : 3;
    if (font && font->getWMode())
        rotation = (rotation + 1) & 3;  // vertical writing: lines run a quarter turn on
    return rotation;
}

// Splash's renderer, reduced to loading fonts: SplashOutputDev::doUpdateFont loads the current
// font (embedded or substituted, with its code-to-glyph map) exactly as a rendering would, and
// the font gives each glyph's outline. Nothing is drawn: the page bitmap is one pixel, every
// painting operation is a no-op, and, like TextOutputDev, the device asks for no non-text
// content, so Gfx skips images, patterns and their data.
class GlyphInkDevice final : public SplashOutputDev {
  public:
    explicit GlyphInkDevice(PageGlyphs& page)
        : SplashOutputDev(splashModeMono1, 4, false, white_paper()), page_(page) {
        setFontAntialias(false);
    }

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return true; }
    // Type 3 glyphs come to drawChar, as in TextOutputDev, where they count as unknown ink.
    bool interpretType3Chars() override { return false; }
    bool needNonText() override { return false; }
    // Text on a hidden layer is not drawn, but counts in the page's text as TextOutputDev
    // counts it, so that character positions agree (Word::char_pos).
    bool needCharCount() override { return true; }
    void incCharCount(int chars) override { next_char_pos_ += chars; }
    bool useShadedFills(int) override { return true; }

    void startPage(int page_number, GfxState* state, XRef* page_xref) override {
        // A null state keeps Splash's bitmap at 1 x 1 pixel whatever the page's size.
        SplashOutputDev::startPage(page_number, nullptr, page_xref);
        if (state) {
            const double* ctm = state->getCTM();
            SplashCoord matrix[6];
            std::copy(ctm, ctm + 6, matrix);
            // The font engine scales glyphs by the page's transform: keep it as rendering would.
            getSplash()->setMatrix(matrix);
        }
        font_stale_ = true;
    }
    void endPage() override {}

    int char_count() const { return next_char_pos_; }

    // Splash loads a font only when a glyph is drawn after it changed; these are the moments
    // SplashOutputDev itself marks (its own flag is private).
    void updateFont(GfxState*) override { font_stale_ = true; }
    void restoreState(GfxState* state) override {
        SplashOutputDev::restoreState(state);
        font_stale_ = true;
    }
    void updateAll(GfxState* state) override {
        SplashOutputDev::updateAll(state);
        font_stale_ = true;
    }
    void updateCTM(GfxState* state, double m11, double m12, double m21, double m22, double m31,
                   double m32) override {
        SplashOutputDev::updateCTM(state, m11, m12, m21, m22, m31, m32);
        font_stale_ = true;
    }

    void updateLineDash(GfxState*) override {}
    void updateFillColorSpace(GfxState*) override {}
    void updateStrokeColorSpace(GfxState*) override {}
    void updateFillColor(GfxState*) override {}
    void updateStrokeColor(GfxState*) override {}
    void updateBlendMode(GfxState*) override {}
    void updateFillOpacity(GfxState*) override {}
    void updateStrokeOpacity(GfxState*) override {}
    void updatePatternOpacity(GfxState*) override {}
    void clearPatternOpacity(GfxState*) override {}
    void updateFillOverprint(GfxState*) override {}
    void updateStrokeOverprint(GfxState*) override {}
    void updateOverprintMode(GfxState*) override {}
    void updateTransfer(GfxState*) override {}

    void stroke(GfxState*) override {}
    void fill(GfxState*) override {}
    void eoFill(GfxState*) override {}
    void clip(GfxState*) override {}
    void eoClip(GfxState*) override {}
    void clipToStrokePath(GfxState*) override {}
    bool tilingPatternFill(GfxState*, Gfx*, Catalog*, GfxTilingPattern*, const double*, int, int,
                           int, int, double, double) override {
        return true;
    }
    bool functionShadedFill(GfxState*, GfxFunctionShading*) override { return true; }
    bool axialShadedFill(GfxState*, GfxAxialShading*, double, double) override { return true; }
    bool radialShadedFill(GfxState*, GfxRadialShading*, double, double) override { return true; }
    bool gouraudTriangleShadedFill(GfxState*, GfxGouraudTriangleShading*) override { return true; }
    bool patchMeshShadedFill(GfxState*, GfxPatchMeshShading*) override { return true; }

    void beginTextObject(GfxState*) override {}
    void endTextObject(GfxState*) override {}
    bool beginType3Char(GfxState*, double, double, double, double, CharCode, const Unicode*,
                        int) override {
        return true;  // "already drawn": never called while interpretType3Chars() is false
    }
    void endType3Char(GfxState*) override {}
    void type3D0(GfxState*, double, double) override {}
    void type3D1(GfxState*, double, double, double, double, double, double) override {}

    // OutputDev's own versions skip an inline image's data, which must be consumed.
    void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                       bool invert, bool interpolate, bool inline_image) override {
        OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_image);
    }
    void setSoftMaskFromImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                                  bool invert, bool inline_image, double*) override {
        OutputDev::drawImageMask(state, ref, str, width, height, invert, false, inline_image);
    }
    void unsetSoftMaskFromImageMask(GfxState*, double*) override {}
    void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                   GfxImageColorMap* colour_map, bool interpolate, const int* mask_colours,
                   bool inline_image) override {
        OutputDev::drawImage(state, ref, str, width, height, colour_map, interpolate, mask_colours,
                             inline_image);
    }
    void drawMaskedImage(GfxState*, Object*, Stream*, int, int, GfxImageColorMap*, bool, Stream*,
                         int, int, bool, bool) override {}
    void drawSoftMaskedImage(GfxState*, Object*, Stream*, int, int, GfxImageColorMap*, bool,
                             Stream*, int, int, GfxImageColorMap*, bool) override {}

    bool checkTransparencyGroup(GfxState*, bool) override { return true; }
    void beginTransparencyGroup(GfxState*, const double*, GfxColorSpace*, bool, bool,
                                bool) override {}
    void endTransparencyGroup(GfxState*) override {}
    void paintTransparencyGroup(GfxState*, const double*) override {}
    void setSoftMask(GfxState*, const double*, bool, Function*, GfxColor*) override {}
    void clearSoftMask(GfxState*) override {}

    void drawChar(GfxState* state, double x, double y, double dx, double dy, double origin_x,
                  double origin_y, CharCode code, int bytes, const Unicode*, int) override {
        const int char_pos = next_char_pos_;
        next_char_pos_ += bytes;
        if (page_.truncated)
            return;
        if (page_.glyphs.size() >= PageGlyphs::max_glyphs) {
            page_.truncated = true;
            page_.glyphs = {};
            return;
        }
        GlyphInk glyph;
        glyph.char_pos = char_pos;
        glyph.char_bytes = bytes;
        double device_x = 0, device_y = 0, advance_x = 0, advance_y = 0;
        state->transform(x, y, &device_x, &device_y);
        state->transformDelta(dx, dy, &advance_x, &advance_y);
        glyph.origin_x = from_pt(device_x);
        glyph.origin_y = from_pt(device_y);
        glyph.advance_x = from_pt(advance_x);
        glyph.advance_y = from_pt(advance_y);
        glyph.font_size_pt = state->getTransformedFontSize();
        glyph.rotation = rotation_of(state);
        glyph.ink = ink_of(state, x - origin_x, y - origin_y, code, glyph.outline_known);
        page_.glyphs.push_back(glyph);
    }

  private:
    struct Outline {
        bool known = false;
        Bounds bounds;  // in user space, from the glyph's origin
    };

    PageGlyphs& page_;
    int next_char_pos_ = 0;  // as TextOutputDev counts: every code's bytes, in drawing order
    bool font_stale_ = true;
    // Outlines of the current font's glyphs. Cleared when the font changes: a font the engine
    // let go may come back at the same address.
    SplashFont* cached_font_ = nullptr;
    std::unordered_map<CharCode, Outline> outlines_;

    const Outline& outline_of(SplashFont* glyph_font, CharCode code) {
        if (glyph_font != cached_font_) {
            outlines_.clear();
            cached_font_ = glyph_font;
        }
        auto found = outlines_.find(code);
        if (found != outlines_.end())
            return found->second;
        Outline outline;
        const std::unique_ptr<SplashPath> path(glyph_font->getGlyphPath(static_cast<int>(code)));
        if (path) {
            outline.known = true;
            outline.bounds = bound_path(*path, [](double x, double y) {
                return std::array<double, 2>{x, y};
            });
        }
        return outlines_.emplace(code, outline).first->second;
    }

    static SplashColorPtr white_paper() {
        static SplashColor white = {0xFF};
        return white;
    }

    // The glyph's outline placed where SplashOutputDev::drawChar places it: offset by the
    // glyph's origin in user space (the outline is in user-space units: Splash fonts take the
    // text matrix, and the page's transform separately), then through the CTM.
    std::optional<Rect> ink_of(GfxState* state, double user_x, double user_y, CharCode code,
                               bool& known) {
        known = true;
        // Render mode 3 is invisible text (as OCR layers use), and a colour space that marks
        // nothing (a Separation named None) prints nothing either, as Splash draws it.
        const int render = state->getRender();
        const bool fills = !(render & 1) && !state->getFillColorSpace()->isNonMarking();
        const bool strokes = ((render & 3) == 1 || (render & 3) == 2) &&
                             !state->getStrokeColorSpace()->isNonMarking();
        // Modes 4 to 7 add the glyph to the clip: what is painted next shows through it.
        const bool clips = (render & 4) != 0;
        if (render == 3 || !(fills || strokes || clips))
            return std::nullopt;
        if (font_stale_) {
            doUpdateFont(state);
            font_stale_ = false;
        }
        // A font the file does not embed is drawn by whatever font the printer substitutes,
        // not by the one Poppler found here (a failed embedded font is dropped the same way).
        Ref embedded;
        const std::shared_ptr<GfxFont>& gfx_font = state->getFont();
        SplashFont* splash_font = getCurrentFont();
        if (!splash_font || !gfx_font || !gfx_font->getEmbeddedFontID(&embedded)) {
            known = false;
            return std::nullopt;
        }
        Bounds bounds;
        const double* m = state->getCTM();
        if ((m[1] == 0 && m[2] == 0) || (m[0] == 0 && m[3] == 0)) {
            // The page's transform keeps axes on axes (scaling, quarter turns, flips: nearly
            // always), so the outline's bounds in user space, once per glyph of the font, give
            // its bounds on the page exactly.
            const Outline& outline = outline_of(splash_font, code);
            if (!outline.known) {
                known = false;
                return std::nullopt;
            }
            if (outline.bounds.empty())
                return std::nullopt;  // a space: an empty outline
            for (double ux : {outline.bounds.x0, outline.bounds.x1}) {
                for (double uy : {outline.bounds.y0, outline.bounds.y1}) {
                    double dx = 0, dy = 0;
                    state->transform(ux + user_x, uy + user_y, &dx, &dy);
                    bounds.add(dx, dy);
                }
            }
        } else {
            const std::unique_ptr<SplashPath> path(
                splash_font->getGlyphPath(static_cast<int>(code)));
            if (!path) {
                known = false;
                return std::nullopt;
            }
            bounds = bound_path(*path, [&](double px, double py) {
                std::array<double, 2> device{};
                state->transform(px + user_x, py + user_y, &device[0], &device[1]);
                return device;
            });
            if (bounds.empty())
                return std::nullopt;
        }
        if (strokes) {
            // Half the line width on every side (the outline's own bounds are its centre line).
            const double half =
                state->getLineWidth() / 2 * std::sqrt(std::abs(m[0] * m[3] - m[1] * m[2]));
            bounds.add(bounds.x0 - half, bounds.y0 - half);
            bounds.add(bounds.x1 + half, bounds.y1 + half);
        }
        // What the clip cuts away does not print: a page placed several times, each placement
        // clipped to a part of it (podcover adapt, imposition, n-up), draws every glyph each
        // time, and only the part inside the clip shows. The clip's bounding box (kept by
        // GfxState whatever the device does with the clip) is exact for rectangular clips.
        double clip_x0 = 0, clip_y0 = 0, clip_x1 = 0, clip_y1 = 0;
        state->getClipBBox(&clip_x0, &clip_y0, &clip_x1, &clip_y1);
        // (Clips that do not meet leave the box inside out: nothing shows.)
        if (clip_x0 >= clip_x1 || clip_y0 >= clip_y1 || bounds.x1 <= clip_x0 ||
            bounds.x0 >= clip_x1 || bounds.y1 <= clip_y0 || bounds.y0 >= clip_y1)
            return std::nullopt;
        Bounds visible;
        visible.add(std::max(bounds.x0, clip_x0), std::max(bounds.y0, clip_y0));
        visible.add(std::min(bounds.x1, clip_x1), std::min(bounds.y1, clip_y1));
        return visible.rect();
    }
};

bool deadline_passed(void* data) {
    return static_cast<const Deadline*>(data)->passed();
}

// A word's box in points, for the assignment of glyphs.
struct Box {
    double x0, y0, x1, y1;
    bool contains(double x, double y) const {
        constexpr double slack_pt = 0.01;
        return x >= x0 - slack_pt && x <= x1 + slack_pt && y >= y0 - slack_pt && y <= y1 + slack_pt;
    }
};

// Words by where they lie: a grid of cells over the words' extent, each listing the words
// that overlap it. Words too large for the grid (overlapping many cells) are listed apart and
// tried for every point.
class WordIndex {
  public:
    explicit WordIndex(const std::vector<Word>& words) {
        boxes_.reserve(words.size());
        for (const Word& w : words) {
            boxes_.push_back(
                Box{w.box.left().pt(), w.box.top().pt(), w.box.right().pt(), w.box.bottom().pt()});
            x0_ = std::min(x0_, boxes_.back().x0);
            y0_ = std::min(y0_, boxes_.back().y0);
            x1_ = std::max(x1_, boxes_.back().x1);
            y1_ = std::max(y1_, boxes_.back().y1);
        }
        if (boxes_.empty())
            return;
        side_ = std::clamp(static_cast<int>(std::sqrt(static_cast<double>(boxes_.size()))), 1, 256);
        cell_w_ = std::max((x1_ - x0_) / side_, 1e-3);
        cell_h_ = std::max((y1_ - y0_) / side_, 1e-3);
        cells_.resize(static_cast<std::size_t>(side_) * static_cast<std::size_t>(side_));
        constexpr int max_cells_per_word = 64;
        for (std::size_t i = 0; i < boxes_.size(); ++i) {
            const Box& b = boxes_[i];
            const int cx0 = column(b.x0), cx1 = column(b.x1), cy0 = row(b.y0), cy1 = row(b.y1);
            if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > max_cells_per_word) {
                large_.push_back(i);
                continue;
            }
            for (int cy = cy0; cy <= cy1; ++cy) {
                for (int cx = cx0; cx <= cx1; ++cx)
                    cells_[cell(cx, cy)].push_back(i);
            }
        }
    }

    // The word of this rotation whose box holds the point (the nearest centre among several),
    // or boxes_.size().
    std::size_t find(double x, double y, int rotation, const std::vector<Word>& words) const {
        std::size_t best = boxes_.size();
        if (boxes_.empty())
            return best;
        double best_distance = HUGE_VAL;
        auto consider = [&](std::size_t i) {
            const Box& b = boxes_[i];
            if (words[i].rotation != rotation || !b.contains(x, y))
                return;
            const double cx = (b.x0 + b.x1) / 2 - x, cy = (b.y0 + b.y1) / 2 - y;
            const double distance = cx * cx + cy * cy;
            if (distance < best_distance) {
                best_distance = distance;
                best = i;
            }
        };
        if (x >= x0_ && x <= x1_ && y >= y0_ && y <= y1_) {
            for (std::size_t i : cells_[cell(column(x), row(y))])
                consider(i);
        }
        for (std::size_t i : large_)
            consider(i);
        return best;
    }

  private:
    std::vector<Box> boxes_;
    std::vector<std::vector<std::size_t>> cells_;
    std::vector<std::size_t> large_;
    double x0_ = HUGE_VAL, y0_ = HUGE_VAL, x1_ = -HUGE_VAL, y1_ = -HUGE_VAL;
    double cell_w_ = 1, cell_h_ = 1;
    int side_ = 1;

    int column(double x) const {
        return std::clamp(static_cast<int>((x - x0_) / cell_w_), 0, side_ - 1);
    }
    int row(double y) const {
        return std::clamp(static_cast<int>((y - y0_) / cell_h_), 0, side_ - 1);
    }
    std::size_t cell(int cx, int cy) const {
        return static_cast<std::size_t>(cy) * static_cast<std::size_t>(side_) +
               static_cast<std::size_t>(cx);
    }
};

bool prints_nothing(const Rect& ink) {
    return ink.width == Length() && ink.height == Length();
}

}  // namespace

PageGlyphs measure_glyph_ink(PDFDoc& doc, int page_number, const Deadline& deadline) {
    PageGlyphs page;
    GlyphInkDevice device(page);
    device.startDoc(&doc);
    Deadline until = deadline;
    doc.displayPage(&device, page_number, 72, 72, 0, true, false, false, deadline_passed, &until);
    page.char_count = device.char_count();
    return page;
}

bool attach_ink(std::vector<Word>& words, const PageGlyphs& page, const Deadline& deadline) {
    for (Word& w : words)
        w.ink = std::nullopt;
    if (deadline.passed())
        return false;
    if (page.truncated || words.empty())
        return true;
    struct Tally {
        bool any_glyph = false;
        bool unknown = false;
        std::optional<Rect> ink;
    };
    std::vector<Tally> tallies(words.size());
    // Words by where their characters come in the page's text, when every word says: a glyph
    // is the word's whose positions hold its own, exactly.
    const bool by_position = std::all_of(words.begin(), words.end(), [](const Word& w) {
        return w.char_pos >= 0 && w.char_bytes > 0;
    });
    std::vector<std::size_t> by_start(words.size());
    std::iota(by_start.begin(), by_start.end(), std::size_t{0});
    if (by_position) {
        std::sort(by_start.begin(), by_start.end(), [&](std::size_t a, std::size_t b) {
            return words[a].char_pos < words[b].char_pos;
        });
    }
    auto word_at = [&](int char_pos) {
        auto after =
            std::upper_bound(by_start.begin(), by_start.end(), char_pos,
                             [&](int pos, std::size_t w) { return pos < words[w].char_pos; });
        if (after == by_start.begin())
            return words.size();
        const Word& w = words[*std::prev(after)];
        return char_pos < w.char_pos + w.char_bytes ? *std::prev(after) : words.size();
    };
    const WordIndex index(by_position ? std::vector<Word>{} : words);
    // Which way is up for each direction of text, on the displayed page (y down).
    constexpr double up[4][2] = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}};
    for (std::size_t g = 0; g < page.glyphs.size(); ++g) {
        if (g % 4096 == 0 && deadline.passed())
            return false;
        const GlyphInk& glyph = page.glyphs[g];
        std::size_t w = words.size();
        if (by_position) {
            w = word_at(glyph.char_pos);
        } else {
            // The middle of the glyph's advance, a quarter em above its baseline: inside the
            // glyph's font box, and so inside its word's box, whatever the font's ascent.
            const double mid_x = glyph.origin_x.pt() + glyph.advance_x.pt() / 2;
            const double mid_y = glyph.origin_y.pt() + glyph.advance_y.pt() / 2;
            const auto* direction = up[glyph.rotation & 3];
            const double lift = std::abs(glyph.font_size_pt) / 4;
            w = index.find(mid_x + direction[0] * lift, mid_y + direction[1] * lift, glyph.rotation,
                           words);
            if (w == words.size())
                w = index.find(mid_x, mid_y, glyph.rotation, words);
        }
        if (w == words.size())
            continue;
        Tally& tally = tallies[w];
        tally.any_glyph = true;
        if (!glyph.outline_known)
            tally.unknown = true;
        else if (glyph.ink)
            tally.ink = tally.ink ? united(*tally.ink, *glyph.ink) : *glyph.ink;
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Tally& tally = tallies[i];
        if (!tally.any_glyph || tally.unknown)
            continue;
        words[i].ink = tally.ink.value_or(Rect{words[i].box.x, words[i].box.y, Length(), Length()});
    }
    return true;
}

std::optional<Rect> combined_ink(const std::optional<Rect>& a, const std::optional<Rect>& b) {
    if (!a || !b)
        return std::nullopt;
    if (prints_nothing(*a))
        return b;
    if (prints_nothing(*b))
        return a;
    return united(*a, *b);
}

}  // namespace podcover::check
