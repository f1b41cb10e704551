// Checks that read the text: where each line of text prints (its ink), against the safe
// zone, the spine's folds and clearance, and the fold bands.
#include <algorithm>

#include "checks.hpp"
#include "podcover/names.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;

// How far measured text may pass a line and still count as inside it. Ink is measured from
// the glyphs' outlines, so this only absorbs rounding where text was placed exactly on the
// line. A font box spans the font's declared ascent and descent, which can pass the glyphs
// themselves: text placed exactly on a safe line measures up to about a point beyond it.
constexpr Length ink_tolerance = 0.003_in;
constexpr Length font_box_tolerance = 0.01_in;

// The share of `inner`'s area that lies inside `outer`.
double share_inside(const Rect& inner, const Rect& outer) {
    const double whole = area_in2(inner);
    if (whole <= 0)
        return outer.contains(inner) ? 1.0 : 0.0;
    const auto common = inner.intersection(outer);
    return common ? area_in2(*common) / whole : 0.0;
}

// Vertical lines no line of text crosses: the folds and the edges of panels, boards, hinges
// and flaps, on the page.
std::vector<Length> panel_cuts(const CoverEvidence& evidence, const Placement& placement) {
    std::vector<Length> cuts;
    for (const auto& fold : placement.layout().folds)
        cuts.push_back(evidence.cover().x + placement.fold_x(fold));
    for (const auto& region : placement.layout().regions) {
        switch (region.kind) {
            case RegionKind::panel:
            case RegionKind::board:
            case RegionKind::hinge:
            case RegionKind::flap:
            case RegionKind::flap_wrap: {
                const Rect r = evidence.on_page(placement.placed(region.rect));
                cuts.push_back(r.left());
                cuts.push_back(r.right());
                break;
            }
            default:
                break;
        }
    }
    return cuts;
}

// A run as measured: its ink where known, else its font box, in cover coordinates.
struct Measured {
    Rect box;
    Length tolerance;
    bool by_ink;
    // Said after a finding measured by the font box.
    std::string how() const {
        return by_ink ? std::string()
                      : " (measured by its font box, which spans the font's declared ascent and "
                        "descent: the font's outlines could not be read)";
    }
};

// Lettering drawn as paths (Inkscape's --export-text-to-path, "create outlines"): small filled
// shapes, a glyph's size (up to about a 72 pt capital), most of each on the spine. The spine's
// own background, a band or a rule down it are taller and are left out.
constexpr Length glyph_max_size = 1_in;

// The spine's lettering drawn as paths is no text and shows little in the spine's pixels once
// it has moved onto a fold: its shapes say where it is. A shape is not known to be a letter,
// so its findings are warnings, as those seen in the pixels are.
void outlined_spine_checks(const CoverEvidence& evidence, const Placement& placement,
                           Findings& findings) {
    const Layout& layout = placement.layout();
    const Rect spine = placement.region("spine");
    auto add = [](std::optional<Rect>& to, const Rect& box) { to = to ? united(*to, box) : box; };
    std::vector<Rect> shapes;
    for (const auto& shape : evidence.inventory.shapes) {
        const Rect box = evidence.on_cover(shape.box);
        if (shape.filled && box.width <= glyph_max_size && box.height <= glyph_max_size &&
            share_inside(box, spine) >= 0.5)
            shapes.push_back(box);
    }
    // Lettering runs down the spine: letters side by side across it (their extents across
    // the spine overlapping by half), each within a letter's width of the last along it.
    // Three or more make a line; dots or stars scattered over the spine do not.
    std::sort(shapes.begin(), shapes.end(),
              [](const Rect& a, const Rect& b) { return a.top() < b.top(); });
    struct Line {
        Rect box;
        int letters = 0;
    };
    std::vector<Line> lines;
    for (const Rect& box : shapes) {
        auto in_line = std::find_if(lines.begin(), lines.end(), [&](const Line& line) {
            const Length across =
                min(line.box.right(), box.right()) - max(line.box.left(), box.left());
            return across * 2 >= min(line.box.width, box.width) &&
                   box.top() - line.box.bottom() <= max(line.box.width, box.width);
        });
        if (in_line == lines.end()) {
            lines.push_back({box, 1});
            continue;
        }
        in_line->box = united(in_line->box, box);
        ++in_line->letters;
    }
    std::vector<Rect> glyphs;
    std::optional<Rect> all;
    for (const Line& line : lines) {
        if (line.letters >= 3) {
            glyphs.push_back(line.box);
            add(all, line.box);
        }
    }
    if (!all)
        return;
    const std::string& name = layout.printer_name;
    if (!layout.spine_text_allowed) {
        findings.add("spine-text-not-allowed", Severity::warning,
                     "the spine holds shapes the size of letters (text drawn as paths?), on a "
                     "book of " +
                         std::to_string(layout.pages) + " pages: " + name +
                         " allows spine text from " + std::to_string(layout.spine_text_min_pages) +
                         " pages",
                     *all);
        return;
    }
    const Rect area = placement.region("spine-text").inset(-ink_tolerance);
    std::optional<Rect> near_back, near_front;
    for (const Rect& box : glyphs) {
        if (box.left() < area.left())
            add(near_back, box);
        if (box.right() > area.right())
            add(near_front, box);
    }
    for (const auto& [box, back] : {std::pair{near_back, true}, std::pair{near_front, false}}) {
        if (!box)
            continue;
        const Length gap = back ? box->left() - spine.left() : spine.right() - box->right();
        findings.add("spine-text-clearance", Severity::warning,
                     "shapes the size of letters on the spine (text drawn as paths?) come to " +
                         in_mm(max(gap, Length())) + " from the " + (back ? "back" : "front") +
                         " fold: " + name + " needs " + in(layout.spine_text_clearance) +
                         " from each fold",
                     *box);
    }
    if (!near_back && !near_front)
        findings.passed("lettering drawn as paths on the spine clear of both folds");
}

}  // namespace

bool text_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings) {
    const Layout& layout = placement.layout();
    const std::string& name = layout.printer_name;
    const Rect sheet{Length(), Length(), evidence.cover().width, evidence.cover().height};
    const Rect spine = placement.region("spine");
    const std::vector<TextRun> runs =
        join_words(evidence.inventory.words, panel_cuts(evidence, placement));
    // Text between the printer's safe margin and the template's hard limit (IngramSpark:
    // 0.25 and 0.125 in) is a warning; beyond the hard limit, an error.
    const BindingSpec* spec = placement.check.printer->find_binding(layout.binding);
    const Length hard_margin =
        spec && spec->hard_margin ? spec->hard_margin->value : layout.safe_margin;
    int outside = 0, on_spine = 0, spine_problems = 0;
    for (const auto& run : runs) {
        if (run.ink && run.ink->width == Length() && run.ink->height == Length())
            continue;  // invisible text (an OCR layer) prints nothing
        const Measured m{evidence.on_cover(run.ink ? *run.ink : run.box),
                         run.ink ? ink_tolerance : font_box_tolerance, run.ink.has_value()};
        const Rect& box = m.box;
        if (!sheet.overlaps(box))
            continue;  // beside the cover on a template page
        if (share_inside(box, spine) >= 0.5) {
            ++on_spine;
            if (!layout.spine_text_allowed) {
                ++spine_problems;
                findings.add("spine-text-not-allowed", Severity::error,
                             "spine text " + quoted(run.text) + " on a book of " +
                                 std::to_string(layout.pages) + " pages: " + name +
                                 " allows spine text from " +
                                 std::to_string(layout.spine_text_min_pages) + " pages",
                             box);
                continue;
            }
            const Rect area = placement.region("spine-text").inset(-m.tolerance);
            const bool across = box.left() >= area.left() && box.right() <= area.right();
            if (across && !area.contains(box)) {
                // Clear of the folds, but too near the head or foot: between the printer's
                // safe margin and the template's hard limit, a warning, as elsewhere.
                ++spine_problems;
                const bool head = box.top() < area.top();
                const Length gap = head ? box.top() - spine.top() : spine.bottom() - box.bottom();
                const Length trim_gap = head ? box.top() - placement.region("trim").top()
                                             : placement.region("trim").bottom() - box.bottom();
                const bool within_hard =
                    hard_margin < layout.safe_margin && trim_gap >= hard_margin - m.tolerance;
                findings.add(
                    "text-outside-safe-zone", within_hard ? Severity::warning : Severity::error,
                    "spine text " + quoted(run.text) + " runs to " + in_mm(max(gap, Length())) +
                        " from the spine's " + (head ? "head" : "foot") + ": " + name +
                        " keeps text " + in(layout.safe_margin) + " inside the trim" +
                        (within_hard
                             ? "; it is inside the template's hard limit of " + in(hard_margin)
                             : "") +
                        m.how(),
                    box);
            } else if (!area.contains(box)) {
                ++spine_problems;
                const Length to_back = box.left() - spine.left(),
                             to_front = spine.right() - box.right();
                const Length nearest = min(to_back, to_front);
                // The printer's clearance already allows for the fold's variance
                // (PRINTERS.md: KDP, IngramSpark state it because of the drift).
                findings.add(
                    "spine-text-clearance", Severity::error,
                    "spine text " + quoted(run.text) + " is " + in_mm(max(nearest, Length())) +
                        " from the " + (to_back < to_front ? "back" : "front") + " fold: " + name +
                        " needs " + in(layout.spine_text_clearance) + " from each fold" + m.how(),
                    box);
            }
            continue;
        }
        bool inside = false, within_hard = false;
        for (const auto& r : layout.regions) {
            if (r.kind != RegionKind::safe && r.kind != RegionKind::barcode)
                continue;
            const Rect allowed = placement.placed(r.rect).inset(-m.tolerance);
            inside = inside || allowed.contains(box);
            if (r.kind == RegionKind::safe && hard_margin < layout.safe_margin) {
                within_hard =
                    within_hard || allowed.inset(hard_margin - layout.safe_margin).contains(box);
            }
        }
        if (!inside) {
            ++outside;
            findings.add(
                "text-outside-safe-zone", within_hard ? Severity::warning : Severity::error,
                "text " + quoted(run.text) + " lies outside " + name + "'s safe zone (" +
                    in(layout.safe_margin) + " inside the trim" +
                    (within_hard ? "; it is inside the template's hard limit of " + in(hard_margin)
                                 : "") +
                    "): it may be cut or wrapped away" + m.how(),
                box);
        }
        for (const auto& fold : layout.folds) {
            const Length x = placement.fold_x(fold);
            if (box.right() > x - fold.variance && box.left() < x + fold.variance) {
                findings.add("fold-detail", Severity::warning,
                             "text " + quoted(run.text) + " is within " +
                                 format_inch_fraction(fold.variance) + " of " + name + "'s " +
                                 fold.name + " at x = " + x.format(Unit::in, 4) +
                                 " in: binding may put the fold on it" + m.how(),
                             box);
                break;
            }
        }
    }
    if (!runs.empty()) {
        if (outside == 0)
            findings.passed("text inside the safe zone");
        if (on_spine > 0 && spine_problems == 0)
            findings.passed("spine text clear of both folds");
    }
    // Lettering drawn as paths is checked from its shapes; the pixels are still looked at for
    // lettering in the spine's image (a logo of shapes must not hide it).
    if (on_spine == 0)
        outlined_spine_checks(evidence, placement, findings);
    return on_spine > 0;
}

}  // namespace podcover::check
