#include "podcover/check/locate.hpp"

#include "podcover/check/infer.hpp"
#include "wording.hpp"

#include <algorithm>
#include <tuple>

namespace podcover::check {
namespace {

using namespace podcover::literals;

// Each edge of a coarse rectangle moved to the nearest edge of an image or a filled shape
// within `reach`: exact where the art is built from such objects.
Rect snapped(const Rect& coarse, const Inventory& inventory, Length reach) {
    std::vector<Rect> boxes;
    for (const auto& image : inventory.images)
        boxes.push_back(image.box);
    for (const auto& shape : inventory.shapes) {
        if (shape.filled)
            boxes.push_back(shape.box);
    }
    auto best = [&](Length target, auto edge) {
        Length chosen = target, distance = reach;
        for (const auto& box : boxes) {
            const Length e = edge(box);
            if (abs(e - target) < distance) {
                distance = abs(e - target);
                chosen = e;
            }
        }
        return chosen;
    };
    return Rect::from_edges(best(coarse.left(), [](const Rect& r) { return r.left(); }),
                            best(coarse.top(), [](const Rect& r) { return r.top(); }),
                            best(coarse.right(), [](const Rect& r) { return r.right(); }),
                            best(coarse.bottom(), [](const Rect& r) { return r.bottom(); }));
}

// One edge of a block found at a low resolution moved to where the full raster's content
// starts: the first pixel line, from outside in, that is mostly not paper white along the
// block. `reach` pixels either way.
Length refined_edge(const RenderedArea& pixels, const Rect& block, bool vertical, bool low_side,
                    int reach) {
    const double ppi = pixels.raster.pixels_per_inch;
    const Length pixel = Length::from_units(static_cast<Length::rep>(Length::units_per_in / ppi));
    const Length coarse = vertical ? (low_side ? block.left() : block.right())
                                   : (low_side ? block.top() : block.bottom());
    std::optional<Length> found;
    for (int i = -reach; i <= reach; ++i) {
        // From outside in: on the low side from lower positions up, else from higher down.
        const Length at = coarse + pixel * (low_side ? i : -i);
        const Length line_start = low_side ? at : at - pixel;
        const Rect line = vertical ? Rect{line_start, block.top(), pixel, block.height}
                                   : Rect{block.left(), line_start, block.width, pixel};
        if (white_share(pixels.raster, pixels.on_raster(line)) < 0.5) {
            found = at;
            break;
        }
    }
    return found.value_or(coarse);
}

// The largest block of content on a page larger than any cover: the artwork on a template
// page. Found on the page's pixels shrunk to about 36 ppi (a flood fill of every pixel is the
// costliest step of finding it), its edges then taken to the page's pixels, and moved to the
// exact edges of the images and shapes it is drawn with.
std::optional<Rect> content_block(const LocateInput& input, const Rect& page) {
    const RenderedArea& pixels = input.page_pixels();
    const int factor = std::max(1, static_cast<int>(pixels.raster.pixels_per_inch / 36));
    const Raster coarse = downsampled(pixels.raster, factor);
    const auto block = largest_content_block(coarse);
    if (!block)
        return std::nullopt;
    Rect found = shifted(*block, pixels.origin_x, pixels.origin_y);
    const int reach = factor + 1;
    found = Rect::from_edges(refined_edge(pixels, found, true, true, reach),
                             refined_edge(pixels, found, false, true, reach),
                             refined_edge(pixels, found, true, false, reach),
                             refined_edge(pixels, found, false, false, reach));
    found = snapped(found, *input.inventory,
                    Length::from_units(static_cast<Length::rep>(Length::units_per_in * 2.5 /
                                                                pixels.raster.pixels_per_inch)));
    const Length margin = 0.25_in;
    const bool framed = found.left() >= margin || found.top() >= margin ||
                        page.right() - found.right() >= margin ||
                        page.bottom() - found.bottom() >= margin;
    if (input.plausible(found.size()) || (framed && area_in2(found) < 0.9 * area_in2(page)))
        return found;
    return std::nullopt;
}

// Marks: short lines outside the artwork that point at its trim and folds.
constexpr Length mark_min_length = 0.15_in;  // longer than the strokes of 12 pt info text
constexpr Length mark_max_length = 1.5_in;
constexpr Length mark_clear = 0.06_in;  // white either side: letters have neighbours nearer
constexpr Length hairline = 0.02_in;    // a mark drawn as a filled rectangle this thin or less
// A mark names a line of the layout when it lies this near: templates draw their marks to
// 0.001 in and may draw a spine up to 0.002 in wider than its formula (PRINTERS.md §4); marks
// seen in pixels are found to about a tenth of a pixel.
constexpr Length mark_match = 0.012_in;

std::vector<Mark> vector_marks(const Inventory& inventory) {
    std::vector<Mark> marks;
    for (const auto& shape : inventory.shapes) {
        const Rect& b = shape.box;
        if (!shape.filled || b.width <= hairline || b.height <= hairline) {
            if (b.width <= hairline && b.height >= mark_min_length && b.height <= mark_max_length)
                marks.push_back(Mark{true, b.left() + b.width / 2, b.top(), b.bottom()});
            else if (b.height <= hairline && b.width >= mark_min_length &&
                     b.width <= mark_max_length)
                marks.push_back(Mark{false, b.top() + b.height / 2, b.left(), b.right()});
        }
    }
    return marks;
}

// The marks in the margin around a block of artwork: vertical ones above or below it, within
// its width, and horizontal ones beside it, within its height. Their positions, each once.
struct MarkLines {
    std::vector<Length> xs, ys;
};
MarkLines marks_around(const std::vector<Mark>& marks, const Rect& block) {
    const Length reach = 0.3_in, overlap = 0.02_in;
    MarkLines lines;
    auto add = [](std::vector<Length>& to, Length at) {
        for (const Length l : to) {
            if (abs(l - at) <= mark_match)
                return;
        }
        to.push_back(at);
    };
    for (const auto& m : marks) {
        const Length across_from = m.vertical ? block.left() : block.top();
        const Length across_to = m.vertical ? block.right() : block.bottom();
        const Length along_from = m.vertical ? block.top() : block.left();
        const Length along_to = m.vertical ? block.bottom() : block.right();
        const bool outside = m.to <= along_from + overlap || m.from >= along_to - overlap;
        if (outside && m.at >= across_from - reach && m.at <= across_to + reach)
            add(m.vertical ? lines.xs : lines.ys, m.at);
    }
    std::sort(lines.xs.begin(), lines.xs.end());
    std::sort(lines.ys.begin(), lines.ys.end());
    return lines;
}

// The lines of a layout a template may mark, with how much a match counts: trims, folds and
// the edges of panels, boards, hinges and flaps fully; the sheet's edges (case-laminate
// templates mark the wrap's outer edge) by half, so that a rectangle of marks at the trim is
// not taken for the sheet of a smaller book.
struct LayoutLine {
    Length at;
    double weight;
};
void layout_lines(const Layout& layout, std::vector<LayoutLine>& xs, std::vector<LayoutLine>& ys) {
    for (const auto& fold : layout.folds)
        xs.push_back({fold.x, 1});
    for (const auto& region : layout.regions) {
        double weight = 0;
        switch (region.kind) {
            case RegionKind::sheet:
                weight = 0.5;
                break;
            case RegionKind::trim:
            case RegionKind::panel:
            case RegionKind::board:
            case RegionKind::hinge:
            case RegionKind::flap:
            case RegionKind::flap_wrap:
                weight = 1;
                break;
            default:
                continue;
        }
        xs.push_back({region.rect.left(), weight});
        xs.push_back({region.rect.right(), weight});
        if (region.kind == RegionKind::sheet || region.kind == RegionKind::trim ||
            region.kind == RegionKind::board) {
            ys.push_back({region.rect.top(), weight});
            ys.push_back({region.rect.bottom(), weight});
        }
    }
}

// How well a layout placed with its sheet's corner at `origin` explains the marks: the
// matches' weights, and where the marks put the sheet (the mean of the matches' offsets).
struct MarkScore {
    double score = 0;
    int matched_x = 0, matched_y = 0;
    Length x, y;
    Length residual;  // how far the matched marks lie from their lines once placed, summed

    // More marks explained is better; between as many, the closer fit.
    bool better_than(const MarkScore& other) const {
        return score != other.score ? score > other.score : residual < other.residual;
    }
};
MarkScore score_marks(const MarkLines& marks, const Layout& layout, Length origin_x,
                      Length origin_y) {
    std::vector<LayoutLine> xs, ys;
    layout_lines(layout, xs, ys);
    MarkScore result;
    auto match = [&](const std::vector<Length>& at, const std::vector<LayoutLine>& lines,
                     Length origin, int& matched) {
        Length::rep offsets = 0;
        for (const Length mark : at) {
            const LayoutLine* best = nullptr;
            for (const auto& line : lines) {
                if (abs(origin + line.at - mark) <= mark_match &&
                    (!best || line.weight > best->weight))
                    best = &line;
            }
            if (best) {
                result.score += best->weight;
                ++matched;
                offsets += (mark - (origin + best->at)).units();
            }
        }
        return matched ? origin + Length::from_units(offsets / matched) : origin;
    };
    result.x = match(marks.xs, xs, origin_x, result.matched_x);
    result.y = match(marks.ys, ys, origin_y, result.matched_y);
    // The residuals once the sheet is where the marks put it.
    for (const auto& [at, lines, origin] :
         {std::tuple{&marks.xs, &xs, result.x}, std::tuple{&marks.ys, &ys, result.y}}) {
        for (const Length mark : *at) {
            Length nearest = mark_match;
            for (const auto& line : *lines)
                nearest = min(nearest, abs(origin + line.at - mark));
            if (nearest < mark_match)
                result.residual += nearest;
        }
    }
    return result;
}

// The marks around the artwork: drawn as strokes, or else seen in the page's pixels.
MarkLines page_marks(const LocateInput& input, const Rect& block, std::string& seen) {
    MarkLines lines = marks_around(vector_marks(*input.inventory), block);
    seen = "drawn as lines";
    if (lines.xs.size() >= 2 && lines.ys.size() >= 2)
        return lines;
    // Only the margin around the artwork: the strips above and below it, and beside it.
    const RenderedArea& pixels = input.page_pixels();
    const Rect page{Length(), Length(), input.page.width, input.page.height};
    std::vector<Mark> marks;
    for (const Rect& strip :
         {Rect::from_edges(page.left(), page.top(), page.right(), block.top()),
          Rect::from_edges(page.left(), block.bottom(), page.right(), page.bottom()),
          Rect::from_edges(page.left(), block.top(), block.left(), block.bottom()),
          Rect::from_edges(block.right(), block.top(), page.right(), block.bottom())}) {
        if (strip.width <= Length() || strip.height <= Length())
            continue;
        for (const Mark& m : find_marks(pixels.raster, pixels.on_raster(strip), mark_min_length,
                                        mark_max_length, mark_clear))
            marks.push_back(m);
    }
    for (auto& m : marks) {
        const Length across = m.vertical ? pixels.origin_x : pixels.origin_y;
        const Length along = m.vertical ? pixels.origin_y : pixels.origin_x;
        m.at += across;
        m.from += along;
        m.to += along;
    }
    seen = "seen in its pixels";
    return marks_around(marks, block);
}

std::string book_text(const Layout& layout) {
    return layout.printer_name + " " + std::string(binding_id(layout.binding)) + " " +
           layout.trim.format(Unit::in, 4) + " on " + layout.paper_id + ", " +
           std::to_string(layout.pages) + " pages";
}

// The artwork on a template page: where a printer's measured template page puts it (when the
// page is that document size), and where the template's marks put it, each scored against the
// layouts of the books whose sheet it could be.
std::optional<Location> on_template_page(const LocateInput& input, const Rect& block) {
    const LocateInput::TemplatePageLayout* measured = nullptr;
    for (const auto& t : input.template_pages) {
        if (input.page.near(t.page.document.value, mark_match))
            measured = &t;
    }
    const auto from_measured = [&](const Layout& layout) {
        return measured && layout.printer_id == measured->printer_id &&
               layout.binding == measured->binding;
    };
    // Where the measured template anchors a sheet: its top-right corner.
    const auto anchored = [&](const Size& sheet) {
        return Rect{input.page.width - measured->page.artwork_right.value - sheet.width,
                    measured->page.artwork_top.value, sheet.width, sheet.height};
    };
    // A printer whose template pages have marks in their margin: the likelier one between
    // books of equal fit.
    const auto has_template_page = [&](const Layout& layout) {
        return std::any_of(input.template_pages.begin(), input.template_pages.end(),
                           [&](const auto& t) { return t.printer_id == layout.printer_id; });
    };

    std::string seen;
    const MarkLines lines = page_marks(input, block, seen);
    const bool marked = lines.xs.size() >= 2 && lines.ys.size() >= 2;
    struct Best {
        MarkScore score;
        Layout layout;
        Rect cover;
    };
    std::optional<Best> best;
    const auto consider = [&](Layout& layout, const Rect& placed_at) {
        if (measured && !from_measured(layout))
            return;
        MarkScore score;
        if (marked) {
            score = score_marks(lines, layout, placed_at.left(), placed_at.top());
            if (score.matched_x == 0 || score.matched_y == 0)
                return;
        }
        const Rect cover =
            marked && !measured ? Rect{score.x, score.y, layout.sheet.width, layout.sheet.height}
                                : placed_at;
        bool better = !best || score.better_than(best->score);
        if (best && !better && !score.better_than(best->score) &&
            !best->score.better_than(score)) {
            // As good: the printer with template pages, then the sheet nearer the content.
            const auto off = [&](const Rect& r) {
                return abs(r.left() - block.left()) + abs(r.bottom() - block.bottom());
            };
            better = (has_template_page(layout) && !has_template_page(best->layout)) ||
                     (has_template_page(layout) == has_template_page(best->layout) &&
                      off(cover) < off(best->cover));
        }
        if (better)
            best = Best{score, std::move(layout), cover};
    };
    if (marked) {
        const Rect marks_box =
            Rect::from_edges(lines.xs.front(), lines.ys.front(), lines.xs.back(), lines.ys.back());
        std::vector<Length> beyond{Length()};
        for (const Length b : input.bleeds) {
            if (std::find(beyond.begin(), beyond.end(), b) == beyond.end())
                beyond.push_back(b);
        }
        for (const Length b : beyond) {
            const Rect candidate = marks_box.inset(-b);
            for (Layout& layout :
                 input.books_of_size(candidate.size(), size_tolerance,
                                     measured ? measured->printer_id : std::string(),
                                     measured ? std::optional<Binding>(measured->binding)
                                              : std::nullopt)) {
                const Rect at = measured ? anchored(layout.sheet) : candidate;
                consider(layout, at);
            }
        }
        if (best && best->score.score < 3)
            best.reset();
    } else if (measured) {
        // No marks: the content's left and bottom edges against the anchor, to a few pixels.
        const Rect shown = Rect::from_edges(block.left(), measured->page.artwork_top.value,
                                            input.page.width - measured->page.artwork_right.value,
                                            block.bottom());
        const Length pixels = Length::from_units(static_cast<Length::rep>(
            3 * Length::units_per_in / input.page_pixels().raster.pixels_per_inch));
        for (Layout& layout : input.books_of_size(shown.size(), size_tolerance + pixels,
                                                  measured->printer_id, measured->binding))
            consider(layout, anchored(layout.sheet));
    }
    if (!best)
        return std::nullopt;
    std::string how = "the artwork on a larger page (" + size_text(input.page) + "), ";
    if (measured) {
        how += "where " + best->layout.printer_name + "'s template page of this size puts it";
        how += marked ? " (its trim and fold marks " + seen + ": " +
                            std::to_string(best->score.matched_x + best->score.matched_y) +
                            " of " + std::to_string(lines.xs.size() + lines.ys.size()) +
                            " match " + book_text(best->layout) + ")"
                      : " (the content's edges fit " + book_text(best->layout) + ")";
    } else {
        how += "found from the trim and fold marks around it, " + seen + " (" +
               std::to_string(best->score.matched_x + best->score.matched_y) + " of " +
               std::to_string(lines.xs.size() + lines.ys.size()) + " match " +
               book_text(best->layout) + ")";
    }
    return Location{best->cover, measured ? LocateMethod::template_layout : LocateMethod::marks,
                    how,
                    measured || has_template_page(best->layout) ? best->layout.printer_id
                                                                 : std::string()};
}

// When the book is known, a rectangle of exactly its sheet where the content shows it: the
// sheet whose size the content's block comes nearest (within a few pixels and 0.05 in: the
// block is the art, whose edges pixels give only so closely), centred on the block.
std::optional<Location> of_expected_size(const LocateInput& input, const Rect& block) {
    const Length pixels = Length::from_units(static_cast<Length::rep>(
        3 * Length::units_per_in / input.page_pixels().raster.pixels_per_inch));
    const Length within = max(pixels, 0.05_in);
    std::optional<Size> best;
    Length best_off;
    for (const Size& sheet : input.expected) {
        const Length off =
            max(abs(sheet.width - block.width), abs(sheet.height - block.height));
        if (off <= within && (!best || off < best_off)) {
            best = sheet;
            best_off = off;
        }
    }
    if (!best)
        return std::nullopt;
    const Rect cover{block.left() + (block.width - best->width) / 2,
                     block.top() + (block.height - best->height) / 2, best->width, best->height};
    return Location{cover, LocateMethod::expected_size,
                    "the artwork on a larger page (" + size_text(input.page) +
                        "): the book's " + size_text(*best) +
                        " sheet where the content shows it (" + size_text(block.size()) + ")",
                    {}};
}

}  // namespace

std::string_view locate_method_id(LocateMethod method) {
    switch (method) {
        case LocateMethod::printer_template:
            return "template";
        case LocateMethod::bleed_box:
            return "bleed-box";
        case LocateMethod::page:
            return "page";
        case LocateMethod::template_layout:
            return "template-layout";
        case LocateMethod::marks:
            return "marks";
        case LocateMethod::expected_size:
            return "expected-size";
        case LocateMethod::content:
            return "content";
    }
    return "page";
}

Location locate(const LocateInput& input) {
    const Rect page{Length(), Length(), input.page.width, input.page.height};
    if (input.template_artwork) {
        const bool larger_page = *input.template_artwork != page;
        return {*input.template_artwork, LocateMethod::printer_template, input.template_how,
                larger_page ? input.template_printer : std::string()};
    }
    if (input.bleed_box && *input.bleed_box != page && input.plausible(input.bleed_box->size())) {
        // On a page of a printer's template size (podcover render --on-template writes one),
        // the cover is that printer's.
        std::string printer;
        for (const auto& t : input.template_pages) {
            if (input.page.near(t.page.document.value, mark_match))
                printer = t.printer_id;
        }
        return {*input.bleed_box, LocateMethod::bleed_box, "the page's BleedBox", printer};
    }
    if (input.plausible(input.page))
        return {page, LocateMethod::page, "the whole page", {}};
    const auto block = content_block(input, page);
    if (block) {
        if (auto found = on_template_page(input, *block))
            return *found;
        if (auto found = of_expected_size(input, *block))
            return *found;
        return {*block, LocateMethod::content,
                "the artwork on a larger page (" + size_text(input.page) +
                    "), found from its content",
                {}};
    }
    return {page, LocateMethod::page, "the whole page", {}};
}

}  // namespace podcover::check
