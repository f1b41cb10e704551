#include "podcover/render/cover.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::render {
namespace {

using namespace podcover::literals;

// Art below this resolution prints soft; both printers ask for 300 [KDP-H], [IS-G].
constexpr double min_art_ppi = 300;

// The least spine-text size podcover sets (its own choice, not a printer's rule): smaller
// lettering does not read on a shelf.
constexpr double min_spine_size_pt = 4;

double pt(Length length) {
    return length.pt();
}
// Text measures (HarfBuzz extents, which a damaged font can make huge) as a length.
Length from_pt(double points) {
    if (const auto length = Length::from_double(points, Unit::pt))
        return *length;
    throw InputError("a font gives text a size of " +
                     (std::isfinite(points) && std::abs(points) < 1e12
                          ? format_number(points, 0) + " pt"
                          : std::string("out of range")) +
                     ": the font is damaged; use another font");
}

std::string joined_authors(const std::vector<std::string>& authors) {
    return join_names(authors, "and");
}

// Where a line of text prints: its ink, with its origin at (x, baseline), unrotated.
Rect ink_box(const TextLine& line, double x_pt, double baseline_pt) {
    const InkBox& ink = line.ink;
    if (ink.empty)
        return Rect{from_pt(x_pt), from_pt(baseline_pt), Length(), Length()};
    return Rect::from_edges(from_pt(x_pt + ink.left_pt), from_pt(baseline_pt - ink.top_pt),
                            from_pt(x_pt + ink.right_pt), from_pt(baseline_pt + ink.bottom_pt));
}

// Lays out text in the box, shrinking the size in half points down to min_size until it fits.
TextBlock fit_block(const std::string& text, TextStyle& style, const Rect& box, Align align,
                    double min_size) {
    TextBlock block;
    while (true) {
        block = lay_out_text(text, style, pt(box.width), pt(box.height), align);
        if (!block.overflow || style.size_pt - 0.5 < min_size)
            return block;
        // When less than a quarter of the text was set (a megabyte of copy, by mistake or
        // malice), the half points between are skipped: the room text needs grows with the
        // square of its size, so no size above 1.25 x sqrt(the share set) x this one fits.
        std::size_t placed = 0;
        for (const auto& line : block.lines)
            placed += line.text.text.size();
        const double share = static_cast<double>(placed) / static_cast<double>(text.size());
        double steps = 1;
        if (share < 0.25) {
            const double hopeless = style.size_pt * (1 - 1.25 * std::sqrt(share));
            steps = std::max(1.0, std::floor(hopeless / 0.5));
        }
        style.size_pt =
            std::max(style.size_pt - 0.5 * steps,
                     style.size_pt - 0.5 * std::floor((style.size_pt - min_size) / 0.5));
    }
}

// Up to 24 characters, then how many more.
std::string some_characters(const std::u32string& characters) {
    constexpr std::size_t shown = 24;
    if (characters.size() <= shown)
        return "\"" + to_utf8(characters) + "\"";
    return "\"" + to_utf8(std::u32string_view(characters).substr(0, shown)) + "\" and " +
           std::to_string(characters.size() - shown) + " more";
}

// The fonts of a text of the job: where no installed font has a character it is refused (an
// InputError naming the job key and the characters), so that no .notdef box is printed; where
// a fallback font shows characters the job's font lacks, a note says which and which font.
void check_fonts(const FontCoverage& coverage, const Font& font, const Job& job,
                 const std::string& key, const std::string& font_key, const std::string& label,
                 std::vector<std::string>& notes) {
    if (!coverage.missing.empty()) {
        const bool one = coverage.missing.size() == 1;
        throw InputError(job.where(key) + ": no installed font has a glyph for " +
                         code_points(coverage.missing) + "; replace " + (one ? "it" : "them") +
                         ", or install a font that has " + (one ? "it" : "them") +
                         " and name it in " + font_key);
    }
    for (const auto& fallback : coverage.fallbacks) {
        const std::string note =
            label + ": " + font.name() + " (" + font_key + ") has no glyphs for " +
            some_characters(fallback.characters) + ", set in " + fallback.font->name() + " (" +
            std::filesystem::path(fallback.font->path()).filename().string() + ") instead";
        if (std::find(notes.begin(), notes.end(), note) == notes.end())
            notes.push_back(note);
    }
}

}  // namespace

std::shared_ptr<const Font> Resources::font(const std::string& key, const std::string& request) {
    try {
        return fonts_.resolve(request, job_.base_dir);
    } catch (const InputError& error) {
        throw InputError(job_.where(key) + ": " + error.what());
    }
}

std::shared_ptr<const Image> Resources::image(const std::string& key,
                                              const std::filesystem::path& path) {
    const auto found = images_.find(path.string());
    if (found != images_.end())
        return found->second;
    try {
        auto image = Image::open(path);
        images_.emplace(path.string(), image);
        return image;
    } catch (const InputError& error) {
        throw InputError(job_.where(key) + ": " + error.what());
    }
}

SharedDesign share_design(const Job& job, const std::vector<const Layout*>& layouts,
                          Resources& resources) {
    SharedDesign shared;
    bool spine_text = !layouts.empty();
    const bool keep_variance = job.spine.margin == SpineMargin::safe;
    // The room across a printer's spine for text: its own spine-text area, the spine less the
    // printer's stated clearance at each fold. The printers state the clearance because a fold
    // may move (KDP: a 1 in spine takes text up to 0.875 in [KDP-H], [CS]), so the fold
    // variance is not added to it, unless the job asks for spine.margin = "safe".
    const auto room_across = [](const Layout& layout, const Region& area, bool with_variance) {
        return area.rect.width - (with_variance ? layout.fold_variance * 2 : Length());
    };
    const Layout* narrowest = nullptr;  // the printer with the least room across
    Length usable_width, usable_length;
    for (const Layout* layout : layouts) {
        shared.safe_margin = max(shared.safe_margin, layout->safe_margin);
        if (const Region* barcode = layout->find("barcode")) {
            // Keep back copy clear of every printer's barcode area, with 1/8 in to spare.
            const Length clearance =
                layout->at("back").rect.bottom() - barcode->rect.top() + 0.125_in;
            shared.barcode_clearance = max(shared.barcode_clearance, clearance);
        }
        const Region* text = layout->find("spine-text");
        if (!text) {
            spine_text = false;
            continue;
        }
        const Length width = room_across(*layout, *text, keep_variance);
        usable_length = narrowest ? min(usable_length, text->rect.height) : text->rect.height;
        if (!narrowest || width < usable_width) {
            usable_width = width;
            narrowest = layout;
        }
    }
    if (!spine_text) {
        // Say why, in each printer's own words: too few pages, or a spine too narrow.
        std::string reasons;
        for (const Layout* layout : layouts) {
            for (const auto& w : layout->warnings) {
                if (w.code == "spine-text-not-allowed") {
                    reasons +=
                        (reasons.empty() ? "" : "; ") + layout->printer_name + ": " + w.message;
                }
            }
        }
        shared.warnings.push_back(reasons.empty() ? "no spine text: no printer to fit it for"
                                                  : reasons);
        return shared;
    }
    std::vector<std::string> lines;
    std::vector<std::string> line_keys;  // the job key each line comes from, for messages
    std::size_t head_lines = 0;
    const auto add_lines = [&](const std::vector<std::string>& texts, const char* key) {
        for (const auto& line : texts) {
            if (!line.empty()) {
                lines.push_back(line);
                line_keys.push_back(key);
            }
        }
    };
    if (job.spine.anchored()) {
        add_lines(job.spine.head, "spine.head");
        head_lines = lines.size();
        add_lines(job.spine.tail, "spine.tail");
    } else {
        add_lines(job.spine.lines, "spine.lines");
    }
    if (lines.empty())
        return shared;

    TextStyle style;
    style.font = resources.font("fonts.spine", job.fonts.spine);
    style.color = job.colors.spine_text.value_or(job.colors.text);
    const Font& font = *style.font;
    // Along the spine the lines need their ink, with one em between them; across it, their
    // common extent on either side of the one baseline they share: the font's full height (its
    // bounding box, which holds its glyphs, so that the size does not depend on the letters)
    // or the lines' ink where a mark the font positions reaches past that.
    struct Extent {
        double along_pt = 0, above_pt = 0, below_pt = 0;
    };
    const auto measure = [&](double size_pt, std::vector<TextLine>* shaped) {
        style.size_pt = size_pt;
        Extent extent;
        extent.above_pt = std::max(font.ascender_em(), font.bbox_top_em()) * size_pt;
        extent.below_pt = std::max(-font.descender_em(), -font.bbox_bottom_em()) * size_pt;
        extent.along_pt = size_pt * static_cast<double>(lines.size() - 1);
        for (const auto& text : lines) {
            TextLine line = shape_line(text, style);
            extent.along_pt += line.ink.width_pt();
            if (!line.ink.empty) {
                extent.above_pt = std::max(extent.above_pt, line.ink.top_pt);
                extent.below_pt = std::max(extent.below_pt, line.ink.bottom_pt);
            }
            if (shaped)
                shaped->push_back(std::move(line));
        }
        return extent;
    };
    // Measure at 10 pt, then place: ink scales with the size (glyphs are not hinted).
    const Extent at_10 = measure(10, nullptr);
    const double across_per_pt = (at_10.above_pt + at_10.below_pt) / 10;
    const auto size_across = [&](Length room) {
        return room > Length() ? pt(room) / across_per_pt : 0.0;
    };
    const double fits_across = size_across(usable_width);
    const double fits_along = pt(usable_length) / at_10.along_pt * 10;
    const auto inches = [](Length length) { return length.format_with_unit(Unit::in, 4); };
    const auto points = [](double size_pt) {
        return format_number(std::floor(std::max(size_pt, 0.0) * 10) / 10, 1) + " pt";
    };
    std::vector<TextLine> shaped;
    Extent extent;
    if (job.spine.size_pt) {
        // One size, as a series sets on every volume so that its spines match: where it does
        // not fit, no spine text rather than another size.
        const double size = *job.spine.size_pt;
        extent = measure(size, &shaped);
        std::string why;
        if (extent.above_pt + extent.below_pt > pt(usable_width)) {
            why = "no spine text: spine.size " + points(size) + " needs " +
                  inches(from_pt(extent.above_pt + extent.below_pt)) + " across; " +
                  narrowest->printer_name + "'s spine, " + inches(narrowest->spine_width) +
                  ", leaves " + inches(max(usable_width, Length())) + " inside its " +
                  (keep_variance ? "clearance and fold variance" : "clearance") +
                  " at each fold, where the text fits at " + points(fits_across);
        } else if (extent.along_pt > pt(usable_length)) {
            why = "no spine text: at spine.size " + points(size) + " the lines need " +
                  inches(from_pt(extent.along_pt)) + " along the spine, which has " +
                  inches(usable_length) + "; shorten them or set a smaller spine.size";
        }
        if (!why.empty()) {
            shared.warnings.push_back(why);
            return shared;
        }
    }
    double size = job.spine.size_pt.value_or(
        std::floor(std::min({job.spine.max_size_pt, fits_across, fits_along}) * 10) /
        10);  // a tenth of a point below the limit
    while (!job.spine.size_pt && size >= min_spine_size_pt) {
        shaped.clear();
        extent = measure(size, &shaped);
        // Rounding may leave the text a hair too large at the floored size: a tenth less.
        if (extent.along_pt <= pt(usable_length) &&
            extent.above_pt + extent.below_pt <= pt(usable_width)) {
            break;
        }
        size = std::round(size * 10 - 1) / 10;
    }
    if (size < min_spine_size_pt) {
        std::string why;
        if (fits_across < fits_along) {
            // Too thin a spine: the lines share one baseline, so fewer or shorter lines do not
            // help; the spine's width, the room it leaves and the room the least size needs do.
            const Length needed = from_pt(min_spine_size_pt * across_per_pt);
            why = "no spine text: " + narrowest->printer_name + "'s spine, " +
                  inches(narrowest->spine_width) + ", less its " +
                  inches(narrowest->spine_text_clearance) + " clearance" +
                  (keep_variance ? " and " + inches(narrowest->fold_variance) +
                                       " fold variance (spine.margin = \"safe\")"
                                 : std::string()) +
                  " at each fold, leaves " +
                  (usable_width > Length()
                       ? inches(usable_width) + " across, where the spine text fits at " +
                             points(fits_across)
                       : std::string("no room across")) +
                  "; the least size podcover sets, " + points(min_spine_size_pt) + ", needs " +
                  inches(needed) + " across (a spine of " +
                  inches(narrowest->spine_width - usable_width + needed) +
                  "); shorter spine.lines would not help";
            if (keep_variance) {
                Length room;
                for (const Layout* layout : layouts) {
                    const Length own = room_across(*layout, layout->at("spine-text"), false);
                    room = layout == layouts.front() ? own : min(room, own);
                }
                const double printer_size =
                    std::min({job.spine.max_size_pt, size_across(room), fits_along});
                if (printer_size >= min_spine_size_pt) {
                    why +=
                        "; with spine.margin = \"printer\" (each printer's own clearance) "
                        "it would be " +
                        points(printer_size);
                }
            }
        } else {
            why = "no spine text: along the spine's " + inches(usable_length) +
                  ", spine.lines fit only at " + points(fits_along) +
                  ", below the least size podcover sets, " + points(min_spine_size_pt) +
                  "; shorten spine.lines";
        }
        shared.warnings.push_back(why);
        return shared;
    }
    SharedDesign::SpineText spine;
    spine.style = style;
    spine.lines = std::move(shaped);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string key = job.key_lines.count(line_keys[i]) ? line_keys[i]
                                : i == 0                          ? "title"
                                : job.key_lines.count("author")   ? "author"
                                                                  : "authors";
        check_fonts(spine.lines[i].coverage, font, job, key, "fonts.spine",
                    "spine line " + std::to_string(i + 1), shared.notes);
    }
    spine.usable_width = usable_width;
    spine.usable_length = usable_length;
    spine.above_pt = extent.above_pt;
    spine.below_pt = extent.below_pt;
    spine.across = from_pt(extent.above_pt + extent.below_pt);
    spine.anchored = job.spine.anchored();
    spine.head_lines = head_lines;
    shared.spine_text = std::move(spine);
    return shared;
}

namespace {

class Composer {
  public:
    Composer(const Job& job, const Layout& layout, const SharedDesign& shared, Resources& resources)
        : job_(job), layout_(layout), shared_(shared), resources_(resources) {
        plan_.sheet = layout.sheet;
    }

    CoverPlan compose() {
        if (job_.direction == ReadingDirection::right_to_left) {
            plan_.notes.push_back(
                "right-to-left book: the front cover is on the left of the sheet and the back on "
                "the right, its barcode area mirrored to the back's lower corner beside the "
                "spine (no printer source states where a right-to-left cover wants it)");
        }
        paint();
        front();
        back();
        spine();
        flaps();
        barcode();
        return std::move(plan_);
    }

  private:
    const Job& job_;
    const Layout& layout_;
    const SharedDesign& shared_;
    Resources& resources_;
    CoverPlan plan_;

    // A right-to-left book reads back to front: its front cover is on the left. Every region is
    // mirrored about the sheet's centre, which leaves the spine and its folds where they are
    // (it is centred) and puts the barcode area in the back's lower corner beside the spine.
    Rect on_sheet(const Rect& rect) const {
        if (job_.direction != ReadingDirection::right_to_left)
            return rect;
        return Rect{layout_.sheet.width - rect.right(), rect.y, rect.width, rect.height};
    }
    Rect region(const char* name) const { return on_sheet(layout_.at(name).rect); }

    void warn(const std::string& message) {
        if (std::find(plan_.warnings.begin(), plan_.warnings.end(), message) ==
            plan_.warnings.end()) {
            plan_.warnings.push_back(message);
        }
    }

    void picture(const std::string& key, const std::filesystem::path& path, const Rect& box) {
        auto image = resources_.image(key, path);
        // Scaled to cover the box: the effective resolution is the smaller of the two.
        const double ppi =
            std::min(image->width_px() / box.width.in(), image->height_px() / box.height.in());
        if (ppi < min_art_ppi) {
            warn(path.filename().string() + " is " + std::to_string(static_cast<int>(ppi)) +
                 " ppi on the " + layout_.printer_name + " cover, below " +
                 std::to_string(static_cast<int>(min_art_ppi)) + ": it needs at least " +
                 std::to_string(static_cast<int>(std::ceil(box.width.in() * min_art_ppi))) +
                 " \xC3\x97 " +
                 std::to_string(static_cast<int>(std::ceil(box.height.in() * min_art_ppi))) +
                 " px (" + job_.where(key) + ")");
        }
        plan_.ops.push_back(CoverPlan::Picture{std::move(image), box});
    }

    // Backgrounds and art; hard edges wherever two differently painted areas meet at a fold.
    void paint() {
        const Rect sheet{Length(), Length(), layout_.sheet.width, layout_.sheet.height};
        plan_.ops.push_back(CoverPlan::Fill{sheet, job_.colors.background});
        // Found left to right, then put on the sheet (mirrored for a right-to-left book).
        const Rect& spine = layout_.at("spine").rect;
        const bool jacket = layout_.binding == Binding::dust_jacket;
        const Rect back_box =
            on_sheet(Rect::from_edges(jacket ? layout_.at("back").rect.left() : Length(), Length(),
                                      spine.left(), sheet.height));
        const Rect front_box = on_sheet(Rect::from_edges(
            spine.right(), Length(), jacket ? layout_.at("front").rect.right() : sheet.width,
            sheet.height));
        const Rect spine_box =
            on_sheet(Rect::from_edges(spine.left(), Length(), spine.right(), sheet.height));

        std::string back_paint = "background", spine_paint = "background",
                    front_paint = "background";
        if (job_.art.wrap) {
            picture("art.wrap", *job_.art.wrap, sheet);
            back_paint = spine_paint = front_paint = "wrap";
        }
        if (job_.art.back) {
            picture("art.back", *job_.art.back, back_box);
            back_paint = "image " + job_.art.back->string();
        }
        if (job_.art.front) {
            picture("art.front", *job_.art.front, front_box);
            front_paint = "image " + job_.art.front->string();
        }
        if (job_.art.spine) {
            picture("art.spine", *job_.art.spine, spine_box);
            spine_paint = "image " + job_.art.spine->string();
        } else if (job_.colors.spine && !job_.art.wrap) {
            plan_.ops.push_back(CoverPlan::Fill{spine_box, *job_.colors.spine});
            spine_paint = "colour";
        }
        auto edge = [&](const std::string& label, Length x) {
            plan_.elements.push_back(Element{Element::Kind::edge, label,
                                             on_sheet(Rect{x, Length(), Length(), sheet.height})});
        };
        if (back_paint != spine_paint)
            edge("edge between back and spine", spine.left());
        if (spine_paint != front_paint)
            edge("edge between spine and front", spine.right());
        if (jacket && back_paint != "background" && back_paint != "wrap")
            edge("edge of the back art", layout_.at("back").rect.left());
        if (jacket && front_paint != "background" && front_paint != "wrap")
            edge("edge of the front art", layout_.at("front").rect.right());
    }

    TextStyle style(const std::string& key, const std::string& font, double size) {
        TextStyle s;
        s.font = resources_.font(key, font);
        s.size_pt = size;
        s.color = job_.colors.text;
        return s;
    }

    // Draws a block's lines with its top-left corner at (left, top), recording each line. `key`
    // and `font_key` name the job's text and its font, for a character no font has.
    void place_block(const TextBlock& block, const TextStyle& style, const Rect& box, Length top,
                     const std::string& label, const std::string& key,
                     const std::string& font_key) {
        check_fonts(block.coverage, *style.font, job_, key, font_key, label, plan_.notes);
        int number = 0;
        for (const auto& line : block.lines) {
            const double x = pt(box.left()) + line.x;
            const double baseline = pt(top) + line.baseline;
            plan_.ops.push_back(CoverPlan::Words{line.text, style, x, baseline, 0});
            ++number;
            if (line.text.ink.empty)
                continue;
            plan_.elements.push_back(
                Element{Element::Kind::text,
                        label + (block.lines.size() > 1 ? " line " + std::to_string(number) : ""),
                        ink_box(line.text, x, baseline)});
        }
    }

    // The text box of a face: its safe area, inside every printer's margin.
    Rect text_box(const char* face, const char* safe) const {
        const Rect own = region(safe);
        const Rect shared = region(face).inset(shared_.safe_margin);
        return own.intersection(shared).value_or(own);
    }

    // A block of front-cover text, centred, shrunk to fit its area down to min_size.
    TextBlock front_block(const std::string& text, const std::string& text_key,
                          const std::string& key, const std::string& font, double size,
                          const Rect& box, const Rect& area, double min_size,
                          const std::string& label, Length top) {
        TextStyle s = style(key, font, size);
        const TextBlock block = fit_block(text, s, area, Align::center, min_size);
        if (block.overflow) {
            warn("the " + label + " does not fit the front cover even at " +
                 std::to_string(static_cast<int>(min_size)) + " pt; shorten it");
        }
        place_block(block, s, box, top, label, text_key, key);
        return block;
    }

    void front() {
        const Rect box = text_box("front", "front-safe");
        const auto down = [&](int percent) { return box.top() + box.height * percent / 100; };
        Length y = down(10);
        if (!job_.title.empty()) {
            const TextBlock title = front_block(
                job_.title, "title", "fonts.title", job_.fonts.title, job_.front.title_size_pt, box,
                Rect::from_edges(box.left(), y, box.right(), down(45)), 12, "title", y);
            y += from_pt(title.height_pt + job_.front.subtitle_size_pt * 0.8);
        }
        if (!job_.subtitle.empty()) {
            front_block(job_.subtitle, "subtitle", "fonts.subtitle", job_.fonts.subtitle,
                        job_.front.subtitle_size_pt, box,
                        Rect::from_edges(box.left(), y, box.right(), down(70)), 8, "subtitle", y);
        }
        if (!job_.authors.empty()) {
            // Set at the foot of the front: measured first, then placed.
            TextStyle author = style("fonts.author", job_.fonts.author, job_.front.author_size_pt);
            const Rect area = Rect::from_edges(box.left(), down(75), box.right(), box.bottom());
            const TextBlock block =
                fit_block(joined_authors(job_.authors), author, area, Align::center, 8);
            place_block(block, author, box, box.bottom() - from_pt(block.height_pt), "author",
                        job_.key_lines.count("author") ? "author" : "authors", "fonts.author");
        }
    }

    void back() {
        Rect box = text_box("back", "back-safe");
        const Length copy_bottom =
            min(box.bottom(), region("back").bottom() - shared_.barcode_clearance);
        if (!job_.back.copy.empty()) {
            TextStyle body = style("fonts.body", job_.fonts.body, job_.back.size_pt);
            const Rect area = Rect::from_edges(box.left(), box.top(), box.right(), copy_bottom);
            const TextBlock block = fit_block(job_.back.copy, body, area, job_.back.align, 8);
            if (block.overflow) {
                warn("the back copy does not fit above the barcode area even at 8 pt: " +
                     std::to_string(block.lines.size()) + " lines shown; shorten back.copy");
            } else if (body.size_pt < job_.back.size_pt) {
                warn("the back copy was set at " + format_number(body.size_pt, 1) +
                     " pt instead of " + format_number(job_.back.size_pt, 1) +
                     " pt to fit above the barcode area");
            }
            place_block(block, body, area, box.top(), "back copy", "back.copy", "fonts.body");
        }
        if (!job_.back.footer.empty()) {
            // One line at the foot of the safe area, from the edge away from the barcode area
            // (the back's outer edge: the left on a left-to-right book, the right on a
            // right-to-left one, whatever the footer's own script); a footer too long for the
            // width is set smaller, down to 6 pt.
            TextStyle footer =
                style("fonts.body", job_.fonts.body, std::min(job_.back.size_pt, 9.0));
            TextLine line = shape_within(job_.back.footer, footer, pt(box.width));
            if (footer.size_pt < 6) {
                footer.size_pt = 6;
                line = shape_line(job_.back.footer, footer);
                warn(
                    "the back footer does not fit the back's safe area even at 6 pt; shorten "
                    "back.footer");
            }
            check_fonts(line.coverage, *footer.font, job_, "back.footer", "fonts.body",
                        "back footer", plan_.notes);
            if (!line.ink.empty) {
                const double baseline =
                    pt(box.bottom()) - std::max(line.descent_pt, line.ink.bottom_pt);
                const Region* code = layout_.find("barcode");
                const Rect code_area = code ? on_sheet(code->rect) : Rect{};
                const bool from_right =
                    code ? code_area.left() + code_area.right() < box.left() + box.right()
                         : line.right_to_left;
                const double x = from_right ? pt(box.right()) - line.ink.right_pt
                                            : pt(box.left()) - line.ink.left_pt;
                plan_.ops.push_back(CoverPlan::Words{line, footer, x, baseline, 0});
                const Rect placed = ink_box(line, x, baseline);
                plan_.elements.push_back(Element{Element::Kind::text, "back footer", placed});
                if (code && placed.overlaps(on_sheet(code->rect))) {
                    warn("the back footer runs into the barcode area; shorten back.footer");
                }
            }
        }
    }

    void spine() {
        if (!shared_.spine_text)
            return;
        const auto& text = *shared_.spine_text;
        const Rect& spine = region("spine");
        const Rect& area = region("spine-text");
        const bool down = job_.spine.direction == SpineDirection::top_to_bottom;
        const double centre = pt(spine.left()) + pt(spine.width) / 2;
        const double along_start = pt(area.top()) + (pt(area.height) - pt(text.usable_length)) / 2;
        const double along = pt(text.usable_length);
        const double above = text.above_pt, below = text.below_pt;
        // Rotated +90 degrees, a line's tops face the front cover: it spans baseline - below
        // to baseline + above across the spine; rotated -90, the reverse.
        const double baseline = down ? centre + (below - above) / 2 : centre + (above - below) / 2;
        // Where each line's ink begins along the spine, from the start of the usable length,
        // in reading order along the reading direction.
        std::vector<double> offsets;
        if (text.anchored) {
            // One em apart, the head's lines from the book's head and the tail's ending at its
            // tail, whatever the book's other lines: every volume of a series sets them alike.
            // Reading up the spine, the tail's lines come first and the head's end at the head.
            const double em = text.style.size_pt;
            const std::size_t n = text.lines.size(), h = text.head_lines;
            const auto group_length = [&](std::size_t from, std::size_t to) {
                double length = 0;
                for (std::size_t i = from; i < to; ++i)
                    length += text.lines[i].ink.width_pt() + (i > from ? em : 0);
                return length;
            };
            offsets.resize(n);
            const auto place = [&](std::size_t from, std::size_t to, double offset) {
                for (std::size_t i = from; i < to; ++i) {
                    offsets[i] = offset;
                    offset += text.lines[i].ink.width_pt() + em;
                }
            };
            if (down) {
                place(0, h, 0);
                place(h, n, along - group_length(h, n));
            } else {
                place(h, n, 0);
                place(0, h, along - group_length(0, h));
            }
        } else {
            // Spread from the head to the foot; a single line is centred.
            double total = 0;
            for (const auto& line : text.lines)
                total += line.ink.width_pt();
            const double gap = text.lines.size() > 1
                                   ? (along - total) / static_cast<double>(text.lines.size() - 1)
                                   : 0;
            double offset = text.lines.size() == 1 ? (along - total) / 2 : 0;
            for (const auto& line : text.lines) {
                offsets.push_back(offset);
                offset += line.ink.width_pt() + gap;
            }
        }
        int number = 0;
        for (const auto& line : text.lines) {
            const double offset = offsets[static_cast<std::size_t>(number)];
            const InkBox& ink = line.ink;
            // Where the line's ink begins, along the spine from its head, and the origin that
            // puts it there: reading down, x runs down the spine; reading up, up it.
            const double begins = down ? along_start + offset : along_start + along - offset;
            const double origin = down ? begins - ink.left_pt : begins + ink.left_pt;
            plan_.ops.push_back(
                CoverPlan::Words{line, text.style, baseline, origin,
                                 down ? std::numbers::pi / 2 : -std::numbers::pi / 2});
            // The ink's box on the sheet: its tops face the front reading down, the back up.
            const double head = down ? origin + ink.left_pt : origin - ink.right_pt;
            const double back = down ? baseline - ink.bottom_pt : baseline - ink.top_pt;
            ++number;
            if (!ink.empty) {
                plan_.elements.push_back(
                    Element{Element::Kind::text, "spine text line " + std::to_string(number),
                            Rect::from_edges(from_pt(back), from_pt(head),
                                             from_pt(back + ink.top_pt + ink.bottom_pt),
                                             from_pt(head + ink.width_pt()))});
            }
        }
    }

    void flaps() {
        if (layout_.binding != Binding::dust_jacket) {
            if (!job_.flaps.front.empty() || !job_.flaps.back.empty()) {
                warn("flap copy is for dust jackets; a " +
                     std::string(binding_label(layout_.binding)) +
                     " has no flaps, so it is not printed (" + job_.where("flaps") + ")");
            }
            return;
        }
        for (auto [text, safe, label, key] :
             {std::tuple{&job_.flaps.front, "front-flap-safe", "front flap copy", "flaps.front"},
              std::tuple{&job_.flaps.back, "back-flap-safe", "back flap copy", "flaps.back"}}) {
            if (text->empty())
                continue;
            TextStyle body = style("fonts.body", job_.fonts.body, job_.back.size_pt);
            const Rect& box = region(safe);
            const TextBlock block = fit_block(*text, body, box, Align::start, 8);
            if (block.overflow)
                warn(std::string("the ") + label +
                     " does not fit its flap even at 8 pt; shorten it");
            place_block(block, body, box, box.top(), label, key, "fonts.body");
        }
    }

    void barcode() {
        const Region* found = layout_.find("barcode");
        if (!found || job_.barcode_policy(layout_.printer_id) != BarcodePolicy::print)
            return;
        const Rect area = on_sheet(found->rect);
        if (!job_.isbn) {
            warn("no barcode on the " + layout_.printer_name +
                 " cover: the job has no isbn; its area is left clear");
            return;
        }
        // The barcode's own size includes its quiet zones: it may fill the whole area.
        Barcode code;
        try {
            code = make_isbn_barcode(Isbn::parse(*job_.isbn), price_addon(job_.price), area.size());
        } catch (const ValueError& error) {
            throw InputError(job_.where("isbn") + ": " + error.what());
        }
        const Rect placed{area.x + (area.width - code.size.width) / 2,
                          area.y + (area.height - code.size.height) / 2, code.size.width,
                          code.size.height};
        TextStyle digits;
        digits.font = resources_.fonts().default_font("sans");
        digits.color = Color::black();
        plan_.ops.push_back(CoverPlan::Code{std::move(code), area, placed, digits});
        plan_.elements.push_back(Element{Element::Kind::barcode, "barcode", area});
    }
};

}  // namespace

CoverPlan compose_cover(const Job& job, const Layout& layout, const SharedDesign& shared,
                        Resources& resources) {
    return Composer(job, layout, shared, resources).compose();
}

namespace {

void fill(cairo_t* cr, const Rect& rect, const Color& color) {
    set_color(cr, color);
    cairo_rectangle(cr, pt(rect.x), pt(rect.y), pt(rect.width), pt(rect.height));
    cairo_fill(cr);
}

void draw_picture(cairo_t* cr, const CoverPlan::Picture& picture, Target target,
                  double pixels_per_inch, const PlanColors& colors) {
    const Image& image = *picture.image;
    const double box_w = pt(picture.box.width), box_h = pt(picture.box.height);
    // Points per image pixel, covering the box.
    const double scale = std::max(box_w / image.width_px(), box_h / image.height_px());
    CairoSurface surface;
    if (target == Target::pdf) {
        // A JPEG's PDF surface is a single pixel carrying the file (Image::pdf_surface).
        surface = image.pdf_surface();
    } else {
        // The image decoded at a smaller scale, its aspect kept.
        const int needed =
            static_cast<int>(std::ceil(image.width_px() * scale / 72.0 * pixels_per_inch));
        surface = image.raster_surface(needed);
    }
    // The printer's colours may replace the surface (art flattened or soft-proofed).
    surface = colors.picture(image, std::move(surface), target);
    // Points per surface pixel, across and down: a raster keeps the image's aspect (its height
    // is rounded), the PDF's single pixel stands for the whole image.
    const int surface_w = cairo_image_surface_get_width(surface.get());
    const int surface_h = cairo_image_surface_get_height(surface.get());
    const double scale_x = scale * image.width_px() / surface_w;
    const double scale_y =
        target == Target::raster ? scale_x : scale * image.height_px() / surface_h;
    const double shown_w = surface_w * scale_x;
    const double shown_h = surface_h * scale_y;
    cairo_save(cr);
    cairo_rectangle(cr, pt(picture.box.x), pt(picture.box.y), box_w, box_h);
    cairo_clip(cr);
    cairo_translate(cr, pt(picture.box.x) + (box_w - shown_w) / 2,
                    pt(picture.box.y) + (box_h - shown_h) / 2);
    cairo_scale(cr, scale_x, scale_y);
    cairo_set_source_surface(cr, surface.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
}

void draw_code(cairo_t* cr, const CoverPlan::Code& code, const PlanColors& colors) {
    fill(cr, code.area, colors.vector(Color::white()));
    set_color(cr, colors.vector(Color::black()));
    for (const Rect& bar : code.barcode.bars) {
        cairo_rectangle(cr, pt(code.placed.x + bar.x), pt(code.placed.y + bar.y), pt(bar.width),
                        pt(bar.height));
    }
    cairo_fill(cr);
    for (const auto& item : code.barcode.text) {
        TextStyle style = code.digits;
        style.size_pt = pt(item.font_size);
        style.color = colors.vector(style.color);
        // Measure, then place: a font that sets the text wider than the room shrinks to fit,
        // and the ink is centred.
        const TextLine line = shape_within(item.text, style, pt(item.max_width));
        draw_line(cr, line, style, pt(code.placed.x + item.center_x) - line.ink.centre_pt(),
                  pt(code.placed.y + item.baseline_y));
    }
}

}  // namespace

void draw_plan(cairo_t* cr, const CoverPlan& plan, Target target, double pixels_per_inch,
               const PlanColors* colors) {
    const PlanColors as_they_are;
    const PlanColors& drawn = colors ? *colors : as_they_are;
    for (const auto& op : plan.ops) {
        if (const auto* f = std::get_if<CoverPlan::Fill>(&op)) {
            fill(cr, f->rect, drawn.vector(f->color));
        } else if (const auto* p = std::get_if<CoverPlan::Picture>(&op)) {
            draw_picture(cr, *p, target, pixels_per_inch, drawn);
        } else if (const auto* w = std::get_if<CoverPlan::Words>(&op)) {
            cairo_save(cr);
            cairo_translate(cr, w->origin_x_pt, w->origin_y_pt);
            cairo_rotate(cr, w->rotation);
            TextStyle style = w->style;
            style.color = drawn.vector(style.color);
            draw_line(cr, w->line, style, 0, 0);
            cairo_restore(cr);
        } else if (const auto* c = std::get_if<CoverPlan::Code>(&op)) {
            draw_code(cr, *c, drawn);
        }
    }
    check_cairo(cairo_status(cr), "drawing the cover");
}

}  // namespace podcover::render
