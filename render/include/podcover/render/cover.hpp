// Composing a cover: what to draw where, decided once per printer as a CoverPlan, then drawn
// on any Cairo surface (the PDF, its PNG preview, the proof) by draw_plan().
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "podcover/layout.hpp"
#include "podcover/render/barcode.hpp"
#include "podcover/render/fonts.hpp"
#include "podcover/render/images.hpp"
#include "podcover/render/job.hpp"
#include "podcover/render/text.hpp"

namespace podcover::render {

// Fonts and images a job uses, each opened once for all printers.
class Resources {
  public:
    explicit Resources(const Job& job) : job_(job) {}
    // The font a job key names (fonts.title, ...); InputError names the job file, line and key.
    std::shared_ptr<const Font> font(const std::string& key, const std::string& request);
    std::shared_ptr<const Image> image(const std::string& key, const std::filesystem::path& path);
    FontLibrary& fonts() { return fonts_; }

  private:
    const Job& job_;
    FontLibrary fonts_;
    std::map<std::string, std::shared_ptr<const Image>> images_;
};

// What every printer's cover of one job shares, so that one design is safe on every stock:
// the spine text (fitted to the narrowest of the printers' spine-text areas, each printer's
// spine less its own clearance at both folds; with spine.margin = "safe", less its fold
// variance too), the margins, and the room kept clear for barcodes. Warnings say why there
// is no spine text: too few pages for a printer, too thin a spine (its width, the room left,
// the size that fits and the room the least size needs), or lines too long for the spine.
struct SharedDesign {
    Length safe_margin;        // the largest of the printers' safe margins
    Length barcode_clearance;  // back copy stays this far above the bottom trim
    struct SpineText {
        TextStyle style;
        std::vector<TextLine> lines;
        Length usable_width;   // across the spine
        Length usable_length;  // along it: the lines' ink and the gaps between them fit it
        // Across the spine, the lines' common extent on either side of their one baseline, in
        // points: the font's bounding box, or the lines' ink where it reaches further.
        double above_pt = 0;
        double below_pt = 0;
        Length across;  // above_pt + below_pt
        // spine.head and spine.tail: the first head_lines lines are set from the head one em
        // apart, the others end at the tail one em apart. Otherwise the lines are spread from
        // the head to the foot (a single one centred).
        bool anchored = false;
        std::size_t head_lines = 0;
    };
    std::optional<SpineText> spine_text;  // none when a printer allows no spine text
    std::vector<std::string> warnings;
    std::vector<std::string> notes;  // fallback fonts used for characters the spine font lacks
};

SharedDesign share_design(const Job& job, const std::vector<const Layout*>& layouts,
                          Resources& resources);

// Something placed on the cover that must keep away from folds: a text line, the barcode,
// or a hard edge between two differently painted areas.
struct Element {
    enum class Kind { text, barcode, edge };
    Kind kind = Kind::text;
    std::string label;
    Rect rect;  // in the layout's coordinates: a text line's ink; an edge is zero-width
};

struct CoverPlan {
    struct Fill {
        Rect rect;
        Color color;
    };
    struct Picture {
        std::shared_ptr<const Image> image;
        Rect box;  // the image is scaled to cover the box (centred, cropped) and clipped to it
    };
    struct Words {
        TextLine line;
        TextStyle style;
        double origin_x_pt = 0;  // where the line's origin goes (TextLine)
        double origin_y_pt = 0;
        double rotation = 0;  // radians: +pi/2 runs top to bottom, -pi/2 bottom to top
    };
    struct Code {
        Barcode barcode;
        Rect area;         // the printer's barcode area, filled white
        Rect placed;       // the barcode's own box inside it
        TextStyle digits;  // the human-readable text
    };
    using Op = std::variant<Fill, Picture, Words, Code>;

    Size sheet;
    std::vector<Op> ops;
    std::vector<Element> elements;
    std::vector<std::string> warnings;
    std::vector<std::string> notes;  // fallback fonts used, a right-to-left book's panels
};

// The plan of one printer's cover. Warnings: art below 300 ppi (with its effective
// resolution), copy that does not fit, no barcode without an ISBN. Throws InputError naming
// the job key and the characters where no installed font has a character of the job's text.
CoverPlan compose_cover(const Job& job, const Layout& layout, const SharedDesign& shared,
                        Resources& resources);

enum class Target { pdf, raster };

// How a plan's colours reach the surface: as they are, unless a subclass changes them (a soft
// proof shows each colour as it will print; a PDF/X cover's art is drawn opaque).
class PlanColors {
  public:
    virtual ~PlanColors() = default;
    virtual Color vector(const Color& color) const { return color; }
    // The surface a picture is drawn from, given the one podcover would draw it from (for
    // raster output, the image decoded at least that wide).
    virtual CairoSurface picture(const Image& image, CairoSurface surface, Target target) const {
        (void)image;
        (void)target;
        return surface;
    }
};

// Draws the plan in points with the origin at the sheet's top-left corner. For the PDF,
// images are drawn from their pdf_surface() (JPEG data passed through); for raster output,
// from decoded pixels at the resolution given. `colors` changes the colours drawn.
void draw_plan(cairo_t* cr, const CoverPlan& plan, Target target, double pixels_per_inch = 0,
               const PlanColors* colors = nullptr);

}  // namespace podcover::render
