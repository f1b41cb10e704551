// Guide layers: a book's cover zones drawn on a transparent page exactly the size of the
// cover, to be placed 1:1 over the artwork in a layout program (Canva, Affinity, Inkscape) and
// hidden before export, as KDP's Cover Calculator template is (PRINTERS.md §7). Written as a
// PDF, a transparent PNG that states its resolution, and an SVG whose groups are Inkscape
// layers, one per kind of zone.
#pragma once

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "podcover/layout.hpp"
#include "podcover/render/fonts.hpp"
#include "podcover/render/handles.hpp"
#include "podcover/render/render_job.hpp"
#include "podcover/render/text.hpp"

namespace podcover::render {

// What a guide layer draws, in the layout's coordinates (inches from the sheet's top-left
// corner, y down); line widths and type sizes in points.
struct GuideMark {
    // The first rectangle less the others (even-odd): the sheet less its live areas.
    struct Area {
        std::vector<Rect> rects;
        Color color;
        double alpha = 1;
    };
    struct Fill {
        Rect rect;
        Color color;
        double alpha = 1;
    };
    // A rectangle's outline, its stroke centred on `rect`.
    struct Outline {
        Rect rect;
        Color color;
        double width_pt = 1;
        bool dashed = false;
    };
    struct Line {
        Length x1, y1, x2, y2;
        Color color;
        double width_pt = 1;
        bool dashed = false;
    };
    enum class Anchor { start, middle, end };
    struct Label {
        std::string text;
        Length x;  // where `anchor` is
        Length baseline;
        double size_pt = 6;
        Color color;
        Anchor anchor = Anchor::start;
        bool bold = false;
    };
    using Any = std::variant<Area, Fill, Outline, Line, Label>;
};

struct GuideLayerGroup {
    std::string id;    // "out-of-live", "folds", ...
    std::string name;  // the layer's name in Inkscape: "Out of live area", ...
    std::vector<GuideMark::Any> marks;
};

// The layers of a layout's guide, bottom to top. The live areas (the safe areas and the
// spine-text area) are left empty, except where a fold's variance band or the barcode area
// lies in them; every outline is drawn outside them.
std::vector<GuideLayerGroup> guide_layers(const Layout& layout);

struct GuideLayer {
    Size page;  // the sheet
    std::vector<GuideLayerGroup> layers;
    std::string pdf;   // finished: TrimBox the trim, BleedBox the page
    CairoSurface png;  // ARGB32, round(sheet x pixels per inch) pixels
    double png_pixels_per_inch = 0;
    std::string svg;  // width and height in inches, viewBox the sheet in inches
};

GuideLayer make_guide_layer(const Layout& layout, FontLibrary& fonts, double png_pixels_per_inch);

// The layers as SVG: one <g inkscape:groupmode="layer"> per layer, locked, the viewBox in
// inches so that every coordinate is the layout's.
std::string guide_svg(const Layout& layout, const std::vector<GuideLayerGroup>& layers);

// Writes <name>.<printer>.guide.pdf, .png (at request.pixels_per_inch) and .svg for each
// layout into out_dir (created if needed).
std::vector<RenderedFile> write_guide_layers(const std::vector<Layout>& layouts,
                                             const TemplateRequest& request,
                                             const std::filesystem::path& out_dir);
// The same, staged into `staged` (committed by the caller with the run's other outputs).
std::vector<RenderedFile> write_guide_layers(const std::vector<Layout>& layouts,
                                             const TemplateRequest& request,
                                             const std::filesystem::path& out_dir,
                                             OutputFiles& staged);

}  // namespace podcover::render
