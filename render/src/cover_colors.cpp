#include "cover_colors.hpp"

#include <fstream>
#include <sstream>

#include "cmyk_jpeg.hpp"
#include "podcover/errors.hpp"

namespace podcover::render {
namespace {

bool has_transparency(cairo_surface_t* surface) {
    if (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_ARGB32)
        return false;
    cairo_surface_flush(surface);
    const int width = cairo_image_surface_get_width(surface);
    const int height = cairo_image_surface_get_height(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    for (int y = 0; y < height; ++y) {
        const auto* row =
            reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < width; ++x) {
            if ((row[x] >> 24) != 0xFF)
                return true;
        }
    }
    return false;
}

// An opaque copy (RGB24) of the surface: drawn over `backdrop`.
CairoSurface flattened(cairo_surface_t* surface, const Color& backdrop) {
    const int width = cairo_image_surface_get_width(surface);
    const int height = cairo_image_surface_get_height(surface);
    CairoSurface flat(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    check_cairo(cairo_surface_status(flat.get()), "image surface");
    const Cairo cr(cairo_create(flat.get()));
    set_color(cr.get(), backdrop);
    cairo_paint(cr.get());
    cairo_set_source_surface(cr.get(), surface, 0, 0);
    cairo_paint(cr.get());
    check_cairo(cairo_status(cr.get()), "flattening an image");
    return flat;
}

// A copy of an image surface that may be changed (a decoded PNG is shared by every drawing).
CairoSurface own_copy(cairo_surface_t* surface) {
    return flattened(surface, Color::black());
}

}  // namespace

int set_small_black_text_in_k(CoverPlan& plan, const CmykConverter& converter) {
    const auto& limit = converter.rules().small_text_black_max_pt;
    if (!limit)
        return 0;
    int changed = 0;
    for (auto& op : plan.ops) {
        auto* words = std::get_if<CoverPlan::Words>(&op);
        if (!words || words->style.size_pt > *limit || words->style.color == Color::black() ||
            !converter.is_black(words->style.color))
            continue;
        words->style.color = Color::black();
        ++changed;
    }
    return changed;
}

CairoSurface OpaqueArt::picture(const Image&, CairoSurface surface, Target) const {
    if (has_transparency(surface.get()))
        return flattened(surface.get(), backdrop_);
    return surface;
}

CairoSurface SoftProof::picture(const Image& image, CairoSurface surface, Target target) const {
    if (image.format() == Image::Format::jpeg && image.jpeg_components() == 4) {
        // CMYK art prints as its own inks: shown through the profile.
        std::ifstream in(image.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        try {
            return proof_cmyk_jpeg(bytes.str(), cairo_image_surface_get_width(surface.get()),
                                   converter_);
        } catch (const std::runtime_error& error) {
            throw InputError(image.path().string() + ": cannot decode the JPEG (" + error.what() +
                             ")");
        }
    }
    CairoSurface shown = has_transparency(surface.get()) ? flattened(surface.get(), backdrop_)
                                                         : own_copy(surface.get());
    (void)target;
    cairo_surface_flush(shown.get());
    const int width = cairo_image_surface_get_width(shown.get());
    const int height = cairo_image_surface_get_height(shown.get());
    const int stride = cairo_image_surface_get_stride(shown.get());
    unsigned char* data = cairo_image_surface_get_data(shown.get());
    // One call for the whole image when its rows follow each other (Cairo's 32-bit rows always
    // do): the converter's memo of recent colours then lasts across rows.
    const int rows_at_once = stride == width * 4 ? height : 1;
    for (int y = 0; y < height; y += rows_at_once) {
        converter_.proof_pixels(
            reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride),
            static_cast<std::size_t>(width) * static_cast<std::size_t>(rows_at_once));
    }
    cairo_surface_mark_dirty(shown.get());
    return shown;
}

}  // namespace podcover::render
