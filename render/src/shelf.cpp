#include "podcover/render/shelf.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>

#include "cover_colors.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/cover.hpp"
#include "podcover/render/images.hpp"
#include "podcover/render/overlay.hpp"
#include "podcover/render/pdf_output.hpp"
#include "podcover/render/render_job.hpp"

namespace podcover::render {
namespace {

using namespace podcover::literals;

Color plank_color() {
    return Color::parse("#8c7b6b");
}
Color label_color() {
    return Color::parse("#333333");
}
// Labels under spines are small, as a spine is narrow; under fronts, large enough to read at
// a glance beside a 6 x 9 in cover.
constexpr double shelf_label_size_pt = 9;
constexpr double contact_label_size_pt = 14;
// From the top of the label band to the labels' baseline.
constexpr Length label_baseline = 0.22_in;
// A soft-proofed cover's art in the sheet's PDF: its proofed pixels (a JPEG cannot pass through
// as it is, its colours changed), at the resolution of render's previews.
constexpr double proofed_art_pixels_per_inch = 150;

// One volume that can be drawn: its layout on the sheet's printer, its composed cover, and
// for a CMYK cover the converter its preview is soft-proofed through.
struct Volume {
    std::size_t index = 0;
    std::string label;
    Layout layout;
    CoverPlan plan;
    std::shared_ptr<const CmykConverter> converter;
    Color backdrop;  // the job's background, under art with transparency
};

std::string volume_name(std::size_t index, const std::string& label) {
    return "volume " + std::to_string(index + 1) + (label.empty() ? "" : " (" + label + ")");
}

// The volume's cover on `printer`, composed as render_job composes it: the design shared with
// the design printers (those without the binding left out, as render_job leaves them out; any
// other refusal refuses the volume, as it refuses the job), and in the colour render_job
// chooses for it on that printer (a CMYK cover's small black text in K, as its PDF has it).
Volume compose_volume(const ShelfVolume& volume, const PrinterSpec& printer,
                      const ShelfOptions& options, CmykConverters& converters) {
    const Job& job = *volume.job;
    std::vector<const PrinterSpec*> printers =
        volume.design_printers.empty() ? options.design_printers : volume.design_printers;
    if (std::none_of(printers.begin(), printers.end(),
                     [&](const PrinterSpec* p) { return p->id == printer.id; })) {
        printers.push_back(&printer);
    }
    JobLayouts laid_out = lay_out_job(job, printers);
    std::vector<Layout>& layouts = laid_out.layouts;
    const auto own = std::find_if(layouts.begin(), layouts.end(), [&](const Layout& layout) {
        return layout.printer_id == printer.id;
    });
    if (own == layouts.end()) {  // the printer does not offer the binding
        const auto skipped =
            std::find_if(laid_out.skipped.begin(), laid_out.skipped.end(),
                         [&](const SkippedPrinter& s) { return s.printer == printer.id; });
        throw RefusedError(printer.name + ": " +
                           (skipped != laid_out.skipped.end() ? skipped->reason : "not offered"));
    }
    Resources resources(job);
    std::vector<const Layout*> shared_layouts;
    for (const auto& layout : layouts)
        shared_layouts.push_back(&layout);
    const SharedDesign shared = share_design(job, shared_layouts, resources);
    Volume composed;
    composed.plan = compose_cover(job, *own, shared, resources);
    composed.layout = std::move(*own);
    composed.backdrop = job.colors.background;
    CoverInk ink = cover_ink(job, printer, options.color, converters);
    if (ink.converter) {
        set_small_black_text_in_k(composed.plan, *ink.converter);
        composed.converter = std::move(ink.converter);
    }
    return composed;
}

std::vector<Volume> compose_volumes(const std::vector<ShelfVolume>& volumes,
                                    const PrinterSpec& printer, const ShelfOptions& options,
                                    std::vector<SkippedVolume>& skipped) {
    if (volumes.empty())
        throw UsageError("no volumes to draw; give at least one job");
    const auto has_null = [](const std::vector<const PrinterSpec*>& printers) {
        return std::find(printers.begin(), printers.end(), nullptr) != printers.end();
    };
    for (std::size_t i = 0; i < volumes.size(); ++i) {
        if (!volumes[i].job)
            throw UsageError(volume_name(i, volumes[i].label) + " has no job");
        if (has_null(volumes[i].design_printers))
            throw UsageError(volume_name(i, volumes[i].label) +
                             ": design printers: a null printer; give each printer's spec");
    }
    if (has_null(options.design_printers))
        throw UsageError("design printers: a null printer; give each printer's spec");
    if (options.contact_columns < 1) {
        throw UsageError("contact sheet columns: " + std::to_string(options.contact_columns) +
                         "; give 1 or more");
    }
    if (!(options.pixels_per_inch > 0) || !std::isfinite(options.pixels_per_inch)) {
        throw UsageError("pixels per inch: " + format_number(options.pixels_per_inch, 2) +
                         "; give a positive number, such as 100");
    }
    std::vector<Volume> drawn;
    CmykConverters converters;  // shared by the volumes with one profile
    for (std::size_t i = 0; i < volumes.size(); ++i) {
        // A volume's own problem (its printer refuses it, a font or art file is missing)
        // leaves that volume out; the others are still worth seeing together.
        try {
            Volume volume = compose_volume(volumes[i], printer, options, converters);
            volume.index = i;
            volume.label = volumes[i].label;
            drawn.push_back(std::move(volume));
        } catch (const Error& error) {
            skipped.push_back({i, volumes[i].label, error.what()});
        }
    }
    if (drawn.empty()) {
        std::string reasons;
        for (const auto& skip : skipped) {
            reasons += (reasons.empty() ? "" : "; ") + volume_name(skip.index, skip.label) + ": " +
                       skip.reason;
        }
        throw RefusedError("no volume can be drawn for " + printer.name + ": " + reasons);
    }
    return drawn;
}

// Where a text line may print, in points on the sheet: its font's bounding box and its ink
// along the advance, turned as it is drawn.
Rect words_extent(const CoverPlan::Words& words) {
    const TextLine& line = words.line;
    const double left = std::min(0.0, line.ink.empty ? 0.0 : line.ink.left_pt);
    const double right = std::max(line.width_pt, line.ink.empty ? 0.0 : line.ink.right_pt);
    const double top = -std::max(line.top_pt, line.ink.empty ? 0.0 : line.ink.top_pt);
    const double bottom = std::max(line.bottom_pt, line.ink.empty ? 0.0 : line.ink.bottom_pt);
    const double c = std::cos(words.rotation), s = std::sin(words.rotation);
    double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
    for (const auto& [x, y] : std::array<std::pair<double, double>, 4>{
             {{left, top}, {right, top}, {left, bottom}, {right, bottom}}}) {
        const double page_x = words.origin_x_pt + x * c - y * s;
        const double page_y = words.origin_y_pt + x * s + y * c;
        min_x = std::min(min_x, page_x);
        max_x = std::max(max_x, page_x);
        min_y = std::min(min_y, page_y);
        max_y = std::max(max_y, page_y);
    }
    auto length = [](double points) {
        return Length::from_units(
            static_cast<Length::rep>(std::llround(points * Length::units_per_pt)));
    };
    // A point of slack: HarfBuzz's extents are rounded to font units.
    return Rect::from_edges(length(min_x - 1), length(min_y - 1), length(max_x + 1),
                            length(max_y + 1));
}

// The plan's operations that reach into the window: the rest would be drawn only to be
// clipped away, and would leave the covers' other text, invisible, in the sheet's PDF.
CoverPlan cut(const CoverPlan& plan, const Rect& window) {
    CoverPlan part;
    part.sheet = plan.sheet;
    for (const auto& op : plan.ops) {
        Rect extent;
        if (const auto* f = std::get_if<CoverPlan::Fill>(&op))
            extent = f->rect;
        else if (const auto* p = std::get_if<CoverPlan::Picture>(&op))
            extent = p->box;
        else if (const auto* w = std::get_if<CoverPlan::Words>(&op))
            extent = words_extent(*w);
        else if (const auto* c = std::get_if<CoverPlan::Code>(&op))
            extent = c->area;
        if (extent.overlaps(window))
            part.ops.push_back(op);
    }
    return part;
}

// A picture of the plan, soft-proofed, into the PDF: its part inside the window drawn as the
// preview draws it, at proofed_art_pixels_per_inch, where the picture lies. The PDF's user space
// is the cover's.
void draw_proofed_picture(cairo_t* cr, const CoverPlan& picture, const Rect& box,
                          const Rect& window, const PlanColors& colors) {
    const auto area = box.intersection(window);
    if (!area)
        return;
    constexpr double ppi = proofed_art_pixels_per_inch;
    const CairoSurface image(cairo_image_surface_create(
        CAIRO_FORMAT_ARGB32, static_cast<int>(std::ceil(area->width.in() * ppi)),
        static_cast<int>(std::ceil(area->height.in() * ppi))));
    check_cairo(cairo_surface_status(image.get()), "image surface");
    {
        const Cairo pixels(cairo_create(image.get()));
        cairo_scale(pixels.get(), ppi / 72, ppi / 72);
        cairo_translate(pixels.get(), -to_pt(area->x), -to_pt(area->y));
        draw_plan(pixels.get(), picture, Target::raster, ppi, &colors);
    }
    cairo_save(cr);
    cairo_translate(cr, to_pt(area->x), to_pt(area->y));
    cairo_scale(cr, 72 / ppi, 72 / ppi);
    cairo_set_source_surface(cr, image.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

// Draws the window of the volume's cover with its top-left corner at `at` on the page, clipped
// to it; a CMYK cover soft-proofed, as render's preview of it is.
void draw_window(cairo_t* cr, const Volume& volume, const Rect& window, Length at_x, Length at_y,
                 Target target, double pixels_per_inch) {
    const CoverPlan part = cut(volume.plan, window);
    const std::optional<SoftProof> proof =
        volume.converter
            ? std::optional<SoftProof>(std::in_place, *volume.converter, volume.backdrop)
            : std::nullopt;
    const PlanColors* colors = proof ? &*proof : nullptr;
    const double left = to_pt(at_x), top = to_pt(at_y);
    const double right = left + to_pt(window.width), bottom = top + to_pt(window.height);
    cairo_save(cr);
    if (target == Target::raster) {
        // Clipped to a window's edge, each of the cover's layers (its background, then the
        // spine's colour) would be blended into an edge pixel on its own, and the background
        // would show as a dark fringe. Drawn first into a group clipped to whole pixels, the
        // cover is cut to the window once, when the group is painted.
        double x0 = left, y0 = top, x1 = right, y1 = bottom;
        cairo_user_to_device(cr, &x0, &y0);
        cairo_user_to_device(cr, &x1, &y1);
        x0 = std::floor(x0), y0 = std::floor(y0), x1 = std::ceil(x1), y1 = std::ceil(y1);
        cairo_device_to_user(cr, &x0, &y0);
        cairo_device_to_user(cr, &x1, &y1);
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
        cairo_clip(cr);
        cairo_push_group(cr);
        cairo_save(cr);
        cairo_translate(cr, to_pt(at_x - window.x), to_pt(at_y - window.y));
        draw_plan(cr, part, target, pixels_per_inch, colors);
        cairo_restore(cr);
        cairo_pop_group_to_source(cr);
        cairo_reset_clip(cr);
        cairo_rectangle(cr, left, top, right - left, bottom - top);
        cairo_clip(cr);
        cairo_paint(cr);
    } else {
        cairo_rectangle(cr, left, top, right - left, bottom - top);
        cairo_clip(cr);
        cairo_translate(cr, to_pt(at_x - window.x), to_pt(at_y - window.y));
        if (!colors) {
            draw_plan(cr, part, target, pixels_per_inch);
        } else {
            // Each operation in turn, in the plan's order: the vector ones in their proofed
            // colours, the pictures as proofed pixels.
            for (const auto& op : part.ops) {
                CoverPlan one;
                one.sheet = part.sheet;
                one.ops.push_back(op);
                if (const auto* picture = std::get_if<CoverPlan::Picture>(&op))
                    draw_proofed_picture(cr, one, picture->box, window, *colors);
                else
                    draw_plan(cr, one, target, pixels_per_inch, colors);
            }
        }
    }
    cairo_restore(cr);
}

// A caller's label, centred on x with its baseline at y, shrunk to fit max_width.
void draw_label(cairo_t* cr, FontLibrary& fonts, const std::string& text, double size_pt,
                Length centre_x, Length baseline, Length max_width) {
    if (text.empty())
        return;
    TextStyle style;
    style.font = fonts.default_font("sans");
    style.size_pt = size_pt;
    style.color = label_color();
    const TextLine line = shape_within(text, style, to_pt(max_width));
    draw_line(cr, line, style, to_pt(centre_x) - line.ink.centre_pt(), to_pt(baseline));
}

// The front cover on the sheet: the layout's "front", mirrored for a right-to-left book as
// compose_cover mirrors it.
Rect front_on_sheet(const Volume& volume, const Job& job) {
    const Rect& front = volume.layout.at("front").rect;
    if (job.direction != ReadingDirection::right_to_left)
        return front;
    return Rect{volume.layout.sheet.width - front.right(), front.y, front.width, front.height};
}

// The head-most ink of the spine text, in the sheet's coordinates.
std::optional<Length> spine_text_top(const CoverPlan& plan) {
    std::optional<Length> top;
    for (const auto& element : plan.elements) {
        if (element.label.rfind("spine text", 0) == 0)
            top = top ? min(*top, element.rect.top()) : element.rect.top();
    }
    return top;
}

// The page drawn twice: as a vector PDF and as a PNG at the options' resolution.
ShelfImages draw_sheet(const Size& page, const std::string& title,
                       const std::function<void(cairo_t*, Target, double)>& draw,
                       double pixels_per_inch) {
    const double width_px = std::ceil(page.width.in() * pixels_per_inch);
    const double height_px = std::ceil(page.height.in() * pixels_per_inch);
    if (width_px > max_image_side_px || height_px > max_image_side_px ||
        width_px * height_px > static_cast<double>(max_decoded_pixels)) {
        throw UsageError("pixels per inch: " + format_number(pixels_per_inch, 2) + " makes the " +
                         page.format(Unit::in, 2) + " sheet " + format_number(width_px, 0) + " x " +
                         format_number(height_px, 0) + " pixels, more than " +
                         std::to_string(max_decoded_pixels / 1'000'000) +
                         " million; give a lower resolution");
    }
    ShelfImages images;
    std::string raw;
    {
        const CairoSurface surface = pdf_surface_into(raw, to_pt(page.width), to_pt(page.height));
        const Cairo cr(cairo_create(surface.get()));
        draw(cr.get(), Target::pdf, 0);
        check_cairo(cairo_status(cr.get()), "drawing the sheet");
        cairo_surface_finish(surface.get());
        check_cairo(cairo_surface_status(surface.get()), "writing the sheet's PDF");
    }
    images.pdf = finish_pdf(raw, PdfMetadata{title, "", "", ""});
    const CairoSurface image(cairo_image_surface_create(
        CAIRO_FORMAT_RGB24, static_cast<int>(width_px), static_cast<int>(height_px)));
    {
        const Cairo cr(cairo_create(image.get()));
        cairo_scale(cr.get(), pixels_per_inch / 72, pixels_per_inch / 72);
        draw(cr.get(), Target::raster, pixels_per_inch);
        check_cairo(cairo_status(cr.get()), "drawing the sheet's image");
    }
    images.png = encode_png(image.get(), pixels_per_inch);
    return images;
}

}  // namespace

Color shelf_background() {
    return Color::parse("#ecebe6");
}

ShelfImages shelf_view(const std::vector<ShelfVolume>& volumes, const PrinterSpec& printer,
                       const ShelfOptions& options) {
    std::vector<SkippedVolume> skipped;
    const std::vector<Volume> drawn = compose_volumes(volumes, printer, options, skipped);

    Length shelf_width, tallest;
    for (const auto& volume : drawn) {
        const Rect& spine = volume.layout.at("spine").rect;
        shelf_width += spine.width;
        tallest = max(tallest, spine.height);
    }
    shelf_width += shelf_gap * static_cast<Length::rep>(drawn.size() - 1);
    const Size page{shelf_margin * 2 + shelf_width,
                    shelf_margin * 2 + tallest + shelf_plank + shelf_label_band};
    // The books' tails stand on this line.
    const Length shelf_y = shelf_margin + tallest;

    FontLibrary fonts;
    auto draw = [&](cairo_t* cr, Target target, double ppi) {
        // The whole surface: the PNG's last pixels may lie partly past the page.
        set_color(cr, shelf_background());
        cairo_paint(cr);
        Length x = shelf_margin;
        std::optional<Length> guide_y;
        for (const auto& volume : drawn) {
            const Rect& spine = volume.layout.at("spine").rect;
            const Length top = shelf_y - spine.height;
            draw_window(cr, volume, spine, x, top, target, ppi);
            if (!guide_y) {
                if (const auto text_top = spine_text_top(volume.plan))
                    guide_y = top + (*text_top - spine.top());
            }
            draw_label(cr, fonts, volume.label, shelf_label_size_pt, x + spine.width / 2,
                       shelf_y + shelf_plank + label_baseline, spine.width + shelf_gap);
            x += spine.width + shelf_gap;
        }
        fill_rect(cr, Rect{shelf_margin / 2, shelf_y, page.width - shelf_margin, shelf_plank},
                  plank_color(), 1);
        if (guide_y && options.text_start_guide) {
            cairo_save(cr);
            set_color(cr, Palette::ink());
            cairo_set_line_width(cr, 0.5);
            const double dashes[] = {3, 2};
            cairo_set_dash(cr, dashes, 2, 0);
            cairo_move_to(cr, to_pt(shelf_margin / 2), to_pt(*guide_y));
            cairo_line_to(cr, to_pt(page.width - shelf_margin / 2), to_pt(*guide_y));
            cairo_stroke(cr);
            cairo_restore(cr);
        }
    };
    ShelfImages images =
        draw_sheet(page, "Shelf view: " + printer.name, draw, options.pixels_per_inch);
    images.skipped = std::move(skipped);
    return images;
}

ShelfImages contact_sheet(const std::vector<ShelfVolume>& volumes, const PrinterSpec& printer,
                          const ShelfOptions& options) {
    std::vector<SkippedVolume> skipped;
    const std::vector<Volume> drawn = compose_volumes(volumes, printer, options, skipped);

    Length cell_width, cell_height;
    for (const auto& volume : drawn) {
        const Rect& front = volume.layout.at("front").rect;
        cell_width = max(cell_width, front.width);
        cell_height = max(cell_height, front.height);
    }
    const auto columns = static_cast<Length::rep>(
        std::min(drawn.size(), static_cast<std::size_t>(options.contact_columns)));
    const auto rows = (static_cast<Length::rep>(drawn.size()) + columns - 1) / columns;
    const Size page{
        contact_margin * 2 + cell_width * columns + contact_gap * (columns - 1),
        contact_margin * 2 + (cell_height + contact_label_band) * rows + contact_gap * (rows - 1)};

    FontLibrary fonts;
    auto draw = [&](cairo_t* cr, Target target, double ppi) {
        // The whole surface: the PNG's last pixels may lie partly past the page.
        set_color(cr, shelf_background());
        cairo_paint(cr);
        for (std::size_t i = 0; i < drawn.size(); ++i) {
            const Volume& volume = drawn[i];
            const auto column = static_cast<Length::rep>(i) % columns;
            const auto row = static_cast<Length::rep>(i) / columns;
            const Length x = contact_margin + (cell_width + contact_gap) * column;
            const Length y =
                contact_margin + (cell_height + contact_label_band + contact_gap) * row;
            const Rect front = front_on_sheet(volume, *volumes[volume.index].job);
            draw_window(cr, volume, front, x, y, target, ppi);
            draw_label(cr, fonts, volume.label, contact_label_size_pt, x + front.width / 2,
                       y + front.height + label_baseline, cell_width);
        }
    };
    ShelfImages images =
        draw_sheet(page, "Contact sheet: " + printer.name, draw, options.pixels_per_inch);
    images.skipped = std::move(skipped);
    return images;
}

}  // namespace podcover::render
