// A series seen together, for one printer: the shelf view (every volume's spine side by side
// at its true width, standing on one shelf) and the contact sheet (every volume's front cover
// in a grid). Each volume's cover is composed as render_job composes it and cut from it, so a
// designer sees what will print: background, art, spine text, and a CMYK cover's colours
// soft-proofed as its preview shows them (docs/render.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "podcover/layout.hpp"
#include "podcover/printer.hpp"
#include "podcover/render/job.hpp"

namespace podcover::render {

struct ShelfVolume {
    const Job* job = nullptr;
    std::string label;  // printed under the spine or the front: "1", "Vol. 2", ...
    // The printers this volume's design is shared with (its render's); empty: the options'.
    std::vector<const PrinterSpec*> design_printers;
};

struct ShelfOptions {
    double pixels_per_inch = 100;  // the PNG's resolution; the PDF is vector, 72 pt to the inch
    // The printers each job's design is shared with, as render_job is given them: the spine
    // text is fitted to the narrowest of their spines, so the same job's spine differs with
    // them. Empty: the sheet's printer alone. The sheet's printer is added when missing.
    std::vector<const PrinterSpec*> design_printers;
    // A faint dashed line across the shelf where the first drawn volume's spine text begins at
    // the head, so that a volume whose text starts higher or lower shows at a glance.
    bool text_start_guide = true;
    int contact_columns = 4;  // the contact sheet's grid, at most this many fronts a row
    // Every volume's colour on the sheet's printer, over the jobs' (render's --color). Each
    // volume is drawn in the colour render_job chooses for its cover on that printer: a CMYK
    // cover soft-proofed through its profile and the printer's ink rules, as render's preview
    // of it is; an RGB cover as designed.
    std::optional<ColorMode> color;
};

// A volume left out of a sheet: the printer does not offer it (its binding, trim, paper or
// page count), or its job cannot be composed (a missing font or art file).
struct SkippedVolume {
    std::size_t index = 0;  // in the volumes given
    std::string label;
    std::string reason;  // one line, the volume's own error
};

struct ShelfImages {
    std::string pdf;  // one page, vector (art as in the covers: JPEGs embedded as they are)
    std::string png;  // the same drawing at pixels_per_inch, with its resolution stated (pHYs)
    std::vector<SkippedVolume> skipped;
};

// Shelf view. The page, in inches: width 2 * shelf_margin + the drawn volumes' spine widths +
// shelf_gap between neighbours; height 2 * shelf_margin + the tallest trim + shelf_plank +
// shelf_label_band. Each volume's strip is its layout's "spine" region, cut from its composed
// cover, at its true width and in the order given; tails stand on one line (the shelf), so
// books of one trim have their heads on one line too. A volume that cannot be drawn is left
// out and named in `skipped`. Throws UsageError when no volumes are given, one has no job, a
// design printer is null, contact_columns is below 1, or pixels_per_inch is not positive or
// makes a PNG of more than max_image_side_px a side or max_decoded_pixels; RefusedError
// naming every volume's reason when none can be drawn. Art damaged past its header is found only
// while drawing: its InputError ends the sheet.
ShelfImages shelf_view(const std::vector<ShelfVolume>& volumes, const PrinterSpec& printer,
                       const ShelfOptions& options = {});

// Contact sheet: each drawable volume's "front" region (the trimmed front cover), at true
// size, in reading order in a grid of at most contact_columns a row; each cell as large as the
// largest front, the front at its top-left, its label below. The page, in inches: width
// 2 * contact_margin + columns * cell width + (columns - 1) * contact_gap; height 2 *
// contact_margin + rows * (cell height + contact_label_band) + (rows - 1) * contact_gap.
// Skips and throws as shelf_view.
ShelfImages contact_sheet(const std::vector<ShelfVolume>& volumes, const PrinterSpec& printer,
                          const ShelfOptions& options = {});

// The sheets' fixed measures, documented above.
inline constexpr Length shelf_margin = Length::from_units(Length::units_per_in / 4);
inline constexpr Length shelf_gap = Length::from_units(Length::units_per_in / 16);
inline constexpr Length shelf_plank = Length::from_units(Length::units_per_in / 16);
inline constexpr Length shelf_label_band = Length::from_units(Length::units_per_in * 3 / 8);
inline constexpr Length contact_margin = Length::from_units(Length::units_per_in / 4);
inline constexpr Length contact_gap = Length::from_units(Length::units_per_in / 4);
inline constexpr Length contact_label_band = Length::from_units(Length::units_per_in * 3 / 8);

// The sheets' background (#ecebe6), where no book is: a light warm grey that no default
// cover colour is, so that a reader of the PNG can tell the books from the space around them.
Color shelf_background();

}  // namespace podcover::render
