// Pixel analysis of a rendered cover: where a cover is a flattened image (or partly one), the
// checker sees spine text, fold detail, bleed and barcodes only in its pixels. Every function
// here is pure: a raster in, measurements out. Areas are rectangles in inches from the
// raster's top-left corner (podcover's coordinate system when the raster is the cover sheet).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "podcover/rect.hpp"

namespace podcover::check {

// RGB pixels, 3 bytes each, rows from the top.
struct Raster {
    int width = 0;
    int height = 0;
    double pixels_per_inch = 0;
    std::vector<std::uint8_t> rgb;

    // The pixels covering `area`, clipped to the raster: [x0, x1) x [y0, y1).
    struct Span {
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        bool empty() const { return x1 <= x0 || y1 <= y0; }
    };
    Span span(const Rect& area) const;
    // The area a pixel span covers.
    Rect area(const Span& span) const;
    const std::uint8_t* pixel(int x, int y) const {
        return &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
    }
};

// Lightness of a pixel, 0 (black) to 255 (white): Rec. 709 luma.
int lightness(const std::uint8_t* pixel);

// The local contrast that counts as detail: per-channel noise of up to +/-24 never reaches it,
// while text stems at 6 pt and 100 ppi step by about 90 (raster.cpp says why).
inline constexpr int default_contrast_threshold = 48;

// How much detail an area holds: the share of its pixels whose local contrast (the largest
// lightness or colour difference to a 4-neighbour inside the area) exceeds `threshold`, and
// the strongest such contrast. Text, line art and hard edges are busy; flat colour, smooth
// gradients and JPEG noise are not.
struct Detail {
    double busy_share = 0;  // 0..1
    int strongest = 0;      // 0..255
};
Detail measure_detail(const Raster& raster, const Rect& area,
                      int threshold = default_contrast_threshold);

// The share of an area's pixels that are paper white: light (lightness >= 245) and nearly
// neutral.
double white_share(const Raster& raster, const Rect& area);

// A vertical hard edge inside `band`: the column where the most rows of the band change
// sharply (contrast at or above the threshold, where measure_detail counts contrast above it)
// between the pixels left and right of it, when at least
// `min_share` of the rows do. A spine painted a different colour from the cover has one at
// each fold.
struct Edge {
    Length x;          // from the raster's left edge
    double share = 0;  // of the band's rows
};
std::optional<Edge> find_vertical_edge(const Raster& raster, const Rect& band,
                                       double min_share = 0.6,
                                       int threshold = default_contrast_threshold);

// A window of `size` inside `area` whose detail is below `max_busy_share`: a place kept clear
// (for IngramSpark's 1.75 x 1 in barcode area). The window nearest the area's bottom-right
// corner (the spine side of the back cover, at its foot) is preferred among those found.
std::optional<Rect> find_plain_area(const Raster& raster, const Rect& area, const Size& size,
                                    double max_busy_share = 0.002);

// Barcodes zbar reads inside `area`: EAN-13 (an ISBN's) and its EAN-5 add-on, each with the
// box of the points where zbar read it (the EAN-13's spans its bars; an add-on's may be a
// sliver at its right end), not the symbol's outline.
struct FoundBarcode {
    std::string symbology;  // "EAN-13", "EAN-5", ...
    std::string data;       // "9780306406157", "51699"
    Rect box;
};
std::vector<FoundBarcode> find_barcodes(const Raster& raster, const Rect& area);

// The bounding box of the largest block of content (connected pixels that are not paper
// white), for finding the artwork on a printer's template page, where a text block sits
// beside it on white. Blocks smaller than `min_area_share` of the raster are ignored; none
// when nothing qualifies.
std::optional<Rect> largest_content_block(const Raster& raster, double min_area_share = 0.05);

// A short straight line standing alone in white: a printer template's trim or fold mark
// (PRINTERS.md §7: IngramSpark's template page draws them in the white margin around the
// artwork, and a Canva export keeps them in its pixels).
struct Mark {
    bool vertical = true;
    Length at;    // where the line's centre lies across it: x of a vertical mark, y of a horizontal
    Length from;  // where it starts and ends along its length (y of a vertical mark)
    Length to;
};
// The marks inside `area` of a raster, lengths from `min_length` to `max_length`: lines of
// pixels darker than paper, with white on both sides within `clear` of the line along all their
// length (letters have neighbours; marks do not), each reported once with its centre to a
// fraction of a pixel. Positions are from the raster's top-left corner.
std::vector<Mark> find_marks(const Raster& raster, const Rect& area, Length min_length,
                             Length max_length, Length clear);

// The raster shrunk by a whole `factor` (each pixel the mean of a factor x factor block; a
// partial last block the mean of what it holds), for analysis that needs less detail.
Raster downsampled(const Raster& raster, int factor);

// Where in `area` a bar code may be: tiles whose lightness steps sharply across (bars) but
// hardly down, joined into rectangles and grown by `margin` (quiet zones, an add-on), so that
// zbar reads only there, at a resolution that suits it. A bar code at 100 ppi is still bars
// (about 1.3 pixels to a module): seen here, read there.
std::vector<Rect> barcode_candidates(const Raster& raster, const Rect& area, Length margin);

}  // namespace podcover::check
