// The drift proof: each printer's cover with its own folds and every other printer's folds
// drawn over it (spine centres aligned, as each printer centres the design on its spine),
// the +/- fold-variance bands, the spine-text box, and in red every text or hard edge that
// comes within a fold's variance on either stock. What authors otherwise see only when a
// printed proof comes back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "podcover/render/cover.hpp"

namespace podcover::render {

struct ProofCover {
    const Layout* layout = nullptr;
    const CoverPlan* plan = nullptr;
};

// A fold of some printer's layout, placed on this cover.
struct ProofFold {
    std::string printer_name;
    std::string name;  // "fold-back", ...
    Length x;          // in this cover's coordinates
    Length variance;
    bool own = true;
};

// The folds drawn on `own`'s proof page: its own, and each other printer's mapped so that the
// spine centres coincide.
std::vector<ProofFold> proof_folds(const Layout& own, const std::vector<const Layout*>& others);

struct Flag {
    const Element* element = nullptr;
    ProofFold fold;  // the first fold whose band the element enters
};
// The elements that come within the variance of one of the folds (their rectangle enters the
// open band x - variance < . < x + variance).
std::vector<Flag> flag_elements(const CoverPlan& plan, const std::vector<ProofFold>& folds);

// The smallest distance, over every printer's own cover, from its spine text to the edge of a
// fold's variance band; none when there is no spine text.
std::optional<Length> spine_text_margin(const std::vector<ProofCover>& covers);

// The spine inset, the proof's last page: a slice of every printer's spine side by side,
// magnified, each with its own folds (solid) and the others' (dashed, spine centres aligned),
// their variance bands, the spine text's ink, the text ghosted where it lands when the folds
// drift the full variance either way, and the clearances in numbers.
struct ProofInsetPanel {
    std::string printer_name;
    Rect window;                    // the slice of that printer's sheet shown, in its coordinates
    Rect placed;                    // where the slice is drawn, in inches from the page's top-left
    std::vector<ProofFold> folds;   // fold-back and fold-front: its own, then the others'
    std::optional<Rect> ink;        // the spine text's ink, all lines together
    std::vector<std::string> text;  // the numbers printed under the slice
};
struct ProofInset {
    int scale = 0;    // page inches per sheet inch
    Size page;        // the inset page
    int png_top = 0;  // the row of the proof's PNG where the inset page starts
    std::vector<ProofInsetPanel> panels;
};

struct ProofDocument {
    std::string pdf;                  // one page per cover, then the spine inset
    CairoSurface png;                 // the pages one above another
    std::vector<std::string> legend;  // every page's legend lines
    int flagged = 0;                  // elements in red, over all pages
    ProofInset inset;
};

// Draws the proof. The PNG is drawn at png_pixels_per_inch; with 0, none is drawn (png is null).
ProofDocument make_proof(const std::vector<ProofCover>& covers, FontLibrary& fonts,
                         double png_pixels_per_inch);

}  // namespace podcover::render
