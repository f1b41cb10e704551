#include "podcover/check/locate.hpp"

#include <algorithm>

namespace podcover::check {
namespace {

using namespace podcover::literals;

std::string size_text(const Size& size) {
    return size.format(Unit::in, 4);
}

double area_in2(const Rect& r) {
    return r.width.in() * r.height.in();
}

Rect shifted(const Rect& rect, Length dx, Length dy) {
    return Rect{rect.x + dx, rect.y + dy, rect.width, rect.height};
}

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

// The largest block of content on a page larger than any cover: the artwork on a template
// page, its edges taken from the drawing's own objects.
std::optional<Rect> content_block(const LocateInput& input, const Rect& page) {
    const RenderedArea& pixels = input.page_pixels();
    const auto block = largest_content_block(pixels.raster);
    if (!block)
        return std::nullopt;
    const Rect found =
        snapped(shifted(*block, pixels.origin_x, pixels.origin_y), *input.inventory,
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

}  // namespace

std::string_view locate_method_id(LocateMethod method) {
    switch (method) {
        case LocateMethod::template_file:
            return "template";
        case LocateMethod::bleed_box:
            return "bleed-box";
        case LocateMethod::page:
            return "page";
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
    if (input.bleed_box && *input.bleed_box != page && input.plausible(input.bleed_box->size()))
        return {*input.bleed_box, LocateMethod::bleed_box, "the page's BleedBox"};
    if (input.plausible(input.page))
        return {page, LocateMethod::page, "the whole page"};
    if (const auto block = content_block(input, page)) {
        return {*block, LocateMethod::content,
                "the artwork on a larger page (" + size_text(input.page) +
                    "), found from its content"};
    }
    return {page, LocateMethod::page, "the whole page"};
}

}  // namespace podcover::check
