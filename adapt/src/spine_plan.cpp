#include "podcover/adapt/spine_plan.hpp"

#include <cmath>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::adapt {
namespace {

std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}

// "KDP's paperback" / "IngramSpark's case laminate hardcover".
std::string construction(const Layout& layout) {
    return layout.printer_name + "'s " + std::string(binding_label(layout.binding));
}

}  // namespace

std::string_view spine_change_id(SpineChange change) {
    switch (change) {
        case SpineChange::same:
            return "same";
        case SpineChange::narrower:
            return "narrower";
        case SpineChange::wider:
            return "wider";
    }
    return "same";
}

Length Placement::to_target(Length source_x) const {
    if (scale_x == 1)
        return target_anchor + (source_x - source_anchor);
    const double units = static_cast<double>((source_x - source_anchor).units()) * scale_x;
    return target_anchor + Length::from_units(static_cast<Length::rep>(std::llround(units)));
}

Length SpinePlan::middle_to_target(Length source_x) const {
    // The spine's middle (or the whole sheet) is always the last placement.
    return placements.back().to_target(source_x);
}

SpinePlan plan_spine(const Layout& source, const Layout& target) {
    const Rect source_spine = source.at("spine").rect;
    const Rect target_spine = target.at("spine").rect;
    const Length back_source = source_spine.left(), back_target = target_spine.left();
    const Length front_source = source.sheet.width - source_spine.right();
    const Length front_target = target.sheet.width - target_spine.right();
    std::vector<std::string> differences;
    if (source.sheet.height != target.sheet.height) {
        differences.push_back("the sheet is " + in(source.sheet.height) + " high against " +
                              in(target.sheet.height));
    }
    if (back_source != back_target) {
        differences.push_back("from the sheet's left edge to the back fold is " + in(back_source) +
                              " against " + in(back_target));
    }
    if (front_source != front_target) {
        differences.push_back("from the front fold to the sheet's right edge is " +
                              in(front_source) + " against " + in(front_target));
    }
    if (!differences.empty()) {
        throw RefusedError(
            construction(source) + " sheet and " + construction(target) +
            " sheet differ beyond the spine: " + join_names(differences) +
            "; adapt moves only the spine, so it adapts between sheets of one construction "
            "(a paperback between printers, or a hardcover to another page count on its "
            "printer)");
    }

    SpinePlan plan;
    plan.source_spine = source.spine_width;
    plan.target_spine = target.spine_width;
    plan.source_fold_back = source_spine.left();
    plan.source_fold_front = source_spine.right();
    plan.target_fold_back = target_spine.left();
    plan.target_fold_front = target_spine.right();
    plan.target_sheet = target.sheet;
    const Length height = target.sheet.height;
    const Length width = target.sheet.width;
    const Length xb_s = plan.source_fold_back, xf_s = plan.source_fold_front;
    const Length xb_t = plan.target_fold_back, xf_t = plan.target_fold_front;
    auto columns = [&](Length left, Length right) {
        return Rect::from_edges(left, Length(), right, height);
    };

    if (plan.target_spine == plan.source_spine) {
        plan.change = SpineChange::same;
        plan.middle_left = xb_s;
        plan.middle_right = xf_s;
        plan.placements.push_back({"whole", columns(Length(), width), xb_s, xb_t, 1});
        return plan;
    }

    // The back and front, with their bleed, each where its fold now is; drawn first, each
    // reaching under the spine by the seam overlap.
    plan.placements.push_back({"back", columns(Length(), xb_t + seam_overlap), xb_s, xb_t, 1});
    plan.placements.push_back({"front", columns(xf_t - seam_overlap, width), xf_s, xf_t, 1});

    if (plan.target_spine < plan.source_spine) {
        plan.change = SpineChange::narrower;
        const Length cut = (plan.source_spine - plan.target_spine) / 2;
        plan.edge_change = cut;
        plan.source_strips = {columns(xb_s, xb_s + cut), columns(xf_s - cut, xf_s)};
        plan.middle_left = xb_s + cut;
        plan.middle_right = xf_s - cut;
        plan.placements.push_back({"spine", columns(xb_t, xf_t), xb_s + cut, xb_t, 1});
        plan.seams = {xb_t, xf_t};
        return plan;
    }

    plan.change = SpineChange::wider;
    const Length added = (plan.target_spine - plan.source_spine) / 2;
    plan.edge_change = added;
    const Length strip = min(min(added, max_stretched_strip), plan.source_spine / 2);
    plan.stretched_strip = strip;
    const double scale =
        static_cast<double>((strip + added).units()) / static_cast<double>(strip.units());
    plan.source_strips = {columns(xb_s, xb_s + strip), columns(xf_s - strip, xf_s)};
    const Length inner_back = xb_t + strip + added, inner_front = xf_t - strip - added;
    plan.target_strips = {columns(xb_t, inner_back), columns(inner_front, xf_t)};
    plan.middle_left = xb_s + strip;
    plan.middle_right = xf_s - strip;
    plan.placements.push_back(
        {"back-edge", columns(xb_t, min(inner_back + seam_overlap, xf_t)), xb_s, xb_t, scale});
    plan.placements.push_back(
        {"front-edge", columns(max(inner_front - seam_overlap, xb_t), xf_t), xf_s, xf_t, scale});
    plan.placements.push_back(
        {"spine", columns(inner_back, inner_front), xb_s + strip, inner_back, 1});
    plan.seams = {xb_t, inner_back, inner_front, xf_t};
    return plan;
}

}  // namespace podcover::adapt
