// How one cover sheet becomes another of the same construction with another spine width:
// the source sheet is placed on the target sheet several times, each placement clipped to
// its part (docs/adapt.md). Pure geometry: two layouts in, placements out.
//
// Coordinates are podcover's (docs/geometry.md): inches from a sheet's top-left corner, y down;
// "source" x on the source sheet, "target" x on the target sheet. Heights are equal, so a
// placement moves and scales along x only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "podcover/layout.hpp"

namespace podcover::adapt {

enum class SpineChange {
    same,      // one placement of the whole sheet
    narrower,  // equal strips cut from both edges of the old spine
    wider,     // the columns at both edges of the old spine stretched outward
};
std::string_view spine_change_id(SpineChange change);  // "same", "narrower", "wider"

// One placement of the source sheet: what lies inside `clip` on the target sheet comes from
// the source at target x = target_anchor + (source x - source_anchor) * scale_x.
struct Placement {
    std::string part;  // "whole", "back", "front", "spine", "back-edge", "front-edge"
    Rect clip;         // on the target sheet
    Length source_anchor;
    Length target_anchor;
    double scale_x = 1;

    Length to_target(Length source_x) const;
};

// A clipped placement drawn before another reaches this far under it. Renderers anti-alias
// each clip's edge, and where two placements met edge to edge the pixel at the seam would
// show paper through both (a light hairline, which the checker takes for a hard edge at the
// fold); reaching two pixels under the next at 100 ppi (1.4 at 72 ppi), the earlier one
// covers that pixel whole, and the later one, drawn over it, decides what shows.
inline constexpr Length seam_overlap = Length::from_units(Length::units_per_in / 50);

// When the spine grows, at most this much of each edge of the old spine is stretched across
// the added width: the columns at the edge, not the art further in (a spine's solid colour or
// gentle shading continues; its lettering is left alone).
inline constexpr Length max_stretched_strip = Length::from_units(Length::units_per_in / 32);

struct SpinePlan {
    SpineChange change = SpineChange::same;
    Length source_spine;
    Length target_spine;
    Length source_fold_back;  // x of each spine fold on its own sheet
    Length source_fold_front;
    Length target_fold_back;
    Length target_fold_front;
    Size target_sheet;
    // Half the change in spine width: cut from each edge (narrower) or added at each edge
    // (wider).
    Length edge_change;
    // Wider: how much of each edge of the old spine is stretched across the added width.
    Length stretched_strip;
    // The old spine's edge strips cut away (narrower) or stretched (wider), on the source
    // sheet, back edge first; none when the width is the same.
    std::vector<Rect> source_strips;
    // Where the stretched columns lie on the target sheet (wider), back edge first.
    std::vector<Rect> target_strips;
    // The middle of the old spine, kept whole and moved with the spine's centre: its edges on
    // the source sheet.
    Length middle_left;
    Length middle_right;
    // In drawing order: a later placement covers an earlier one where they overlap.
    std::vector<Placement> placements;
    // Where one placement meets the next on the target sheet, left to right.
    std::vector<Length> seams;

    // Where a source x in the kept middle of the spine lands on the target sheet.
    Length middle_to_target(Length source_x) const;
};

// The plan from the source's layout to the target's. Throws RefusedError naming both numbers
// when the two sheets differ anywhere but the spine: their height, or the width from either
// outer edge to its spine fold (another trim, or another hardcover construction).
SpinePlan plan_spine(const Layout& source, const Layout& target);

}  // namespace podcover::adapt
