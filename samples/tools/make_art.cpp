// Paints podcover's sample art: a landscape (sky, sun, hills, a road) drawn with Cairo and
// written as a JPEG with libjpeg. The project makes it itself, so the samples carry no art
// anyone else made. The picture runs on across the spine without hard edges, as wrap art
// should, and is the same on every run.
//
// Usage: make_art OUTPUT.jpg WIDTH_IN HEIGHT_IN PIXELS_PER_INCH [GRAIN] [--cmyk] [--hour=N]
// GRAIN (0 to 64, default 0) adds film-like noise, so that the JPEG is as large as a
// photograph's (for bench/render.sh). With OUTPUT.pdf, the JPEG is written as the only thing on
// a page of its size: a flattened cover, as some design tools export (for bench/check.sh).
// --cmyk writes the JPEG in CMYK as Photoshop does (YCCK, values inverted, an Adobe marker) and
// the PDF with /DeviceCMYK and /Decode [1 0 1 0 1 0 1 0]: the print-ready export of a design
// tool (Canva's of an IngramSpark template page).
// --hour=N (0 to 9, default 0) paints the same road at another hour: the sun higher and the sky
// paler with each, so that each volume of the sample series has its own art.
#include <cairo-pdf.h>
#include <cairo.h>

#include <cstdio>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct PatternDeleter {
    void operator()(cairo_pattern_t* p) const { cairo_pattern_destroy(p); }
};
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// A hill line: a sum of sines, so the same on every run.
double ridge(double x, double base, double amplitude, double phase) {
    return base +
           amplitude * (0.55 * std::sin(x * 2.1 + phase) + 0.3 * std::sin(x * 5.3 + phase * 1.7) +
                        0.15 * std::sin(x * 11.0 + phase * 0.3));
}

void paint(cairo_t* cr, double w, double h, int hour) {
    // Sky: dusk over the salt flats.
    const double day = hour * 0.05;
    std::unique_ptr<cairo_pattern_t, PatternDeleter> sky(cairo_pattern_create_linear(0, 0, 0, h));
    cairo_pattern_add_color_stop_rgb(sky.get(), 0.0, 0.10 + day, 0.16 + day, 0.26 + day);
    cairo_pattern_add_color_stop_rgb(sky.get(), 0.55, 0.42, 0.34, 0.40);
    cairo_pattern_add_color_stop_rgb(sky.get(), 0.75, 0.86, 0.58, 0.40);
    cairo_set_source(cr, sky.get());
    cairo_paint(cr);
    // The sun, low over the front cover, with a soft glow.
    const double sun_x = w * 0.74, sun_y = h * (0.6 - hour * 0.04), radius = h * 0.07;
    std::unique_ptr<cairo_pattern_t, PatternDeleter> glow(
        cairo_pattern_create_radial(sun_x, sun_y, radius * 0.8, sun_x, sun_y, radius * 5));
    cairo_pattern_add_color_stop_rgba(glow.get(), 0, 1.0, 0.85, 0.6, 0.55);
    cairo_pattern_add_color_stop_rgba(glow.get(), 1, 1.0, 0.85, 0.6, 0.0);
    cairo_set_source(cr, glow.get());
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 1.0, 0.9, 0.72);
    cairo_arc(cr, sun_x, sun_y, radius, 0, 2 * M_PI);
    cairo_fill(cr);
    // Three ranges of hills, farther ones paler.
    const double shades[][3] = {{0.33, 0.30, 0.38}, {0.22, 0.22, 0.30}, {0.13, 0.15, 0.21}};
    for (int layer = 0; layer < 3; ++layer) {
        cairo_move_to(cr, 0, h);
        for (int i = 0; i <= 400; ++i) {
            const double x = w * i / 400.0;
            cairo_line_to(
                cr, x,
                h * ridge(x / w * 3.0, 0.62 + 0.09 * layer, 0.05 - 0.01 * layer, layer * 1.9));
        }
        cairo_line_to(cr, w, h);
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, shades[layer][0], shades[layer][1], shades[layer][2]);
        cairo_fill(cr);
    }
    // The salt road, pale, winding from the front cover's outer foot towards the sun (clear of
    // the title and the author's name, which sit on the front's centre line).
    cairo_set_source_rgba(cr, 0.93, 0.90, 0.84, 0.85);
    cairo_move_to(cr, w * 0.86, h);
    cairo_curve_to(cr, w * 0.83, h * 0.90, w * 0.89, h * 0.82, w * 0.80, h * 0.745);
    cairo_line_to(cr, w * 0.805, h * 0.745);
    cairo_curve_to(cr, w * 0.91, h * 0.82, w * 0.88, h * 0.90, w * 0.95, h);
    cairo_close_path(cr);
    cairo_fill(cr);
}

// Deterministic noise (a linear congruential generator), +/- grain per channel.
void add_grain(cairo_surface_t* surface, int grain) {
    cairo_surface_flush(surface);
    unsigned char* pixels = cairo_image_surface_get_data(surface);
    const int width = cairo_image_surface_get_width(surface),
              height = cairo_image_surface_get_height(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    uint32_t state = 12345;
    for (int y = 0; y < height; ++y) {
        auto* row = reinterpret_cast<uint32_t*>(pixels + static_cast<long>(y) * stride);
        for (int x = 0; x < width; ++x) {
            state = state * 1664525u + 1013904223u;
            const int delta =
                static_cast<int>((state >> 24) % static_cast<uint32_t>(2 * grain + 1)) - grain;
            uint32_t out = 0xFF000000u;
            for (int shift : {16, 8, 0}) {
                const int value =
                    std::clamp(static_cast<int>((row[x] >> shift) & 0xFF) + delta, 0, 255);
                out |= static_cast<uint32_t>(value) << shift;
            }
            row[x] = out;
        }
    }
    cairo_surface_mark_dirty(surface);
}

// CMYK ink for an RGB pixel, each 0..255: black takes the darkest channel, the rest the
// remainder (the naive separation; the art is only there to be measured).
void rgb_to_cmyk(const unsigned char* rgb, unsigned char* cmyk) {
    const int k = 255 - std::max({rgb[0], rgb[1], rgb[2]});
    for (int i = 0; i < 3; ++i) {
        cmyk[i] = static_cast<unsigned char>(k == 255 ? 0 : (255 - rgb[i] - k) * 255 / (255 - k));
    }
    cmyk[3] = static_cast<unsigned char>(k);
}

bool write_jpeg(cairo_surface_t* surface, const char* path, int quality, bool cmyk) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path, "wb"));
    if (!file)
        return false;
    jpeg_compress_struct info{};
    jpeg_error_mgr errors{};
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    jpeg_stdio_dest(&info, file.get());
    info.image_width = static_cast<JDIMENSION>(cairo_image_surface_get_width(surface));
    info.image_height = static_cast<JDIMENSION>(cairo_image_surface_get_height(surface));
    info.input_components = cmyk ? 4 : 3;
    info.in_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&info);
    // YCCK, with the Adobe marker libjpeg writes for it (transform 2), as Photoshop stores CMYK.
    if (cmyk)
        jpeg_set_colorspace(&info, JCS_YCCK);
    jpeg_set_quality(&info, quality, TRUE);
    // 300 ppi recorded in the JFIF header.
    info.density_unit = 1;
    info.X_density = 300;
    info.Y_density = 300;
    jpeg_start_compress(&info, TRUE);
    const unsigned char* pixels = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const int components = info.input_components;
    std::vector<unsigned char> row(info.image_width * components);
    while (info.next_scanline < info.image_height) {
        const auto* argb = reinterpret_cast<const uint32_t*>(
            pixels + static_cast<long>(info.next_scanline) * stride);
        for (JDIMENSION x = 0; x < info.image_width; ++x) {
            const unsigned char rgb[3] = {static_cast<unsigned char>(argb[x] >> 16),
                                          static_cast<unsigned char>(argb[x] >> 8),
                                          static_cast<unsigned char>(argb[x])};
            unsigned char* out = &row[x * components];
            if (cmyk) {
                rgb_to_cmyk(rgb, out);
                // Inverted, as Photoshop writes CMYK JPEGs (PDFs say so with /Decode).
                for (int i = 0; i < 4; ++i)
                    out[i] = static_cast<unsigned char>(255 - out[i]);
            } else {
                std::copy(rgb, rgb + 3, out);
            }
        }
        JSAMPROW rows[] = {row.data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    return std::ferror(file.get()) == 0;
}

// A PDF page of the given size holding only the JPEG, its bytes passed through.
bool write_pdf(const std::string& jpeg_path, const std::string& pdf_path, int w, int h,
               double width_pt, double height_pt) {
    std::FILE* in = std::fopen(jpeg_path.c_str(), "rb");
    if (!in)
        return false;
    std::string bytes;
    char buffer[1 << 16];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, in)) > 0;)
        bytes.append(buffer, n);
    std::fclose(in);
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> image(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
    auto* kept = new std::string(std::move(bytes));
    cairo_surface_set_mime_data(
        image.get(), CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(kept->data()),
        kept->size(), [](void* p) { delete static_cast<std::string*>(p); }, kept);
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> page(
        cairo_pdf_surface_create(pdf_path.c_str(), width_pt, height_pt));
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(page.get()));
    cairo_scale(cr.get(), width_pt / w, height_pt / h);
    cairo_set_source_surface(cr.get(), image.get(), 0, 0);
    cairo_paint(cr.get());
    cr.reset();
    cairo_surface_finish(page.get());
    return cairo_surface_status(page.get()) == CAIRO_STATUS_SUCCESS;
}

// A PDF page of the given size holding only the CMYK JPEG, written object by object (Cairo
// writes images in RGB only): an image XObject with the JPEG's bytes, /DeviceCMYK and the
// Adobe inversion undone by /Decode.
bool write_cmyk_pdf(const std::string& jpeg_path, const std::string& pdf_path, int w, int h,
                    double width_pt, double height_pt) {
    std::FILE* in = std::fopen(jpeg_path.c_str(), "rb");
    if (!in)
        return false;
    std::string jpeg;
    char buffer[1 << 16];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, in)) > 0;)
        jpeg.append(buffer, n);
    std::fclose(in);
    char text[512];
    std::snprintf(text, sizeof text, "q %.4f 0 0 %.4f 0 0 cm /Im0 Do Q\n", width_pt, height_pt);
    const std::string content = text;
    std::vector<std::string> objects;
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    objects.push_back("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    std::snprintf(text, sizeof text,
                  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.4f %.4f] /Resources << "
                  "/XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
                  width_pt, height_pt);
    objects.push_back(text);
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "endstream");
    std::snprintf(text, sizeof text,
                  "<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceCMYK "
                  "/BitsPerComponent 8 /Decode [1 0 1 0 1 0 1 0] /Filter /DCTDecode /Length %zu "
                  ">>\nstream\n",
                  w, h, jpeg.size());
    objects.push_back(text + jpeg + "\nendstream");
    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t offset : offsets) {
        std::snprintf(text, sizeof text, "%010zu 00000 n \n", offset);
        pdf += text;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(pdf_path.c_str(), "wb"));
    return out && std::fwrite(pdf.data(), 1, pdf.size(), out.get()) == pdf.size() &&
           std::fflush(out.get()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    int hour = 0;
    if (argc > 1 && std::string(argv[argc - 1]).rfind("--hour=", 0) == 0) {
        hour = std::atoi(argv[argc - 1] + 7);
        if (hour < 0 || hour > 9) {
            std::fprintf(stderr, "make_art: %s: the hour is 0 to 9\n", argv[argc - 1]);
            return 2;
        }
        --argc;
    }
    const bool cmyk = argc > 1 && std::string(argv[argc - 1]) == "--cmyk";
    if (cmyk)
        --argc;
    if (argc != 5 && argc != 6) {
        std::fprintf(
            stderr,
            "usage: make_art OUTPUT.jpg WIDTH_IN HEIGHT_IN PIXELS_PER_INCH [GRAIN] [--cmyk] "
            "[--hour=N]\n");
        return 2;
    }
    const int grain = argc == 6 ? std::atoi(argv[5]) : 0;
    if (grain < 0 || grain > 64) {
        std::fprintf(stderr, "make_art: grain %s is not between 0 and 64\n", argv[5]);
        return 2;
    }
    const double width_in = std::atof(argv[2]), height_in = std::atof(argv[3]),
                 ppi = std::atof(argv[4]);
    const int w = static_cast<int>(std::ceil(width_in * ppi)),
              h = static_cast<int>(std::ceil(height_in * ppi));
    if (w <= 0 || h <= 0 || w > 32000 || h > 32000) {
        std::fprintf(stderr, "make_art: %s x %s in at %s ppi is not a size it can paint\n", argv[2],
                     argv[3], argv[4]);
        return 2;
    }
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
    paint(cr.get(), w, h, hour);
    cairo_surface_flush(surface.get());
    if (grain > 0)
        add_grain(surface.get(), grain);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
        std::fprintf(stderr, "make_art: %s\n", cairo_status_to_string(cairo_status(cr.get())));
        return 1;
    }
    // Written beside the target and renamed, so a half-written file is never left behind.
    const std::string target = argv[1];
    const bool pdf = target.size() > 4 && target.compare(target.size() - 4, 4, ".pdf") == 0;
    const std::string jpeg = pdf ? target + ".jpg" : target + ".part";
    if (!write_jpeg(surface.get(), jpeg.c_str(), 90, cmyk)) {
        std::fprintf(stderr, "make_art: cannot write %s\n", jpeg.c_str());
        std::remove(jpeg.c_str());
        return 1;
    }
    const bool written = !pdf   ? true
                         : cmyk ? write_cmyk_pdf(jpeg, target, w, h, width_in * 72, height_in * 72)
                                : write_pdf(jpeg, target, w, h, width_in * 72, height_in * 72);
    if (!written) {
        std::fprintf(stderr, "make_art: cannot write %s\n", target.c_str());
        std::remove(jpeg.c_str());
        return 1;
    }
    if (pdf)
        return std::remove(jpeg.c_str()) == 0 ? 0 : 1;
    if (std::rename(jpeg.c_str(), argv[1]) != 0) {
        std::fprintf(stderr, "make_art: cannot write %s\n", argv[1]);
        std::remove(jpeg.c_str());
        return 1;
    }
    return 0;
}
