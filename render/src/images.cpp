#include "podcover/render/images.hpp"

#include <cstdio>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>

#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "podcover/errors.hpp"
#include "podcover/render/jpeg_errors.hpp"

namespace podcover::render {

jpeg_error_mgr* jpeg_errors(JpegErrors& errors) {
    jpeg_error_mgr* manager = jpeg_std_error(&errors.manager);
    manager->error_exit = [](j_common_ptr info) {
        // The manager is the first member: the struct it lies in is the caller's JpegErrors.
        auto* caught = reinterpret_cast<JpegErrors*>(info->err);
        (*info->err->format_message)(info, caught->message);
        std::longjmp(caught->jump, 1);
    };
    return manager;
}

namespace {

// Owns a decompressor for the duration of a read.
struct JpegReader {
    jpeg_decompress_struct info{};
    JpegErrors error{};
    JpegReader() {
        info.err = jpeg_errors(error);
        jpeg_create_decompress(&info);
    }
    ~JpegReader() { jpeg_destroy_decompress(&info); }
    JpegReader(const JpegReader&) = delete;
    JpegReader& operator=(const JpegReader&) = delete;
};

std::shared_ptr<const std::string> read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path.string() + ": cannot open the image; check the path");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return std::make_shared<const std::string>(bytes.str());
}

void release_bytes(void* bytes) {
    delete static_cast<std::shared_ptr<const std::string>*>(bytes);
}
void release_string(void* text) {
    delete static_cast<std::string*>(text);
}

bool read_jpeg_header(JpegReader& reader, const std::string& bytes) {
    if (setjmp(reader.error.jump) != 0)
        return false;
    jpeg_mem_src(&reader.info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&reader.info, TRUE);
    return true;
}

// The two steps below run libjpeg under setjmp; they keep only trivially destructible locals,
// since a longjmp skips destructors. Each returns false with reader.error.message set.
bool start_jpeg(JpegReader& reader, const std::string& bytes, unsigned scale_denominator) {
    if (setjmp(reader.error.jump) != 0)
        return false;
    jpeg_mem_src(&reader.info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&reader.info, TRUE);
    reader.info.scale_num = 1;
    reader.info.scale_denom = scale_denominator;
    const bool cmyk =
        reader.info.jpeg_color_space == JCS_CMYK || reader.info.jpeg_color_space == JCS_YCCK;
    reader.info.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&reader.info);
    return true;
}

// Decodes every row into Cairo's RGB24 pixels; `row` holds one decoded row.
bool read_jpeg(JpegReader& reader, unsigned char* pixels, int stride, unsigned char* row) {
    if (setjmp(reader.error.jump) != 0)
        return false;
    const bool cmyk = reader.info.out_color_space == JCS_CMYK;
    // Adobe writes CMYK JPEGs inverted; libjpeg passes the values through as stored.
    const bool inverted = cmyk && reader.info.saw_Adobe_marker;
    const int width = static_cast<int>(reader.info.output_width);
    while (reader.info.output_scanline < reader.info.output_height) {
        const int y = static_cast<int>(reader.info.output_scanline);
        JSAMPROW rows[] = {row};
        jpeg_read_scanlines(&reader.info, rows, 1);
        auto* out = reinterpret_cast<uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < width; ++x) {
            uint32_t r, g, b;
            if (cmyk) {
                const unsigned char* p = row + static_cast<std::ptrdiff_t>(x) * 4;
                const unsigned c = inverted ? p[0] : 255u - p[0], m = inverted ? p[1] : 255u - p[1],
                               yl = inverted ? p[2] : 255u - p[2],
                               k = inverted ? p[3] : 255u - p[3];
                r = c * k / 255;
                g = m * k / 255;
                b = yl * k / 255;
            } else {
                const unsigned char* p = row + static_cast<std::ptrdiff_t>(x) * 3;
                r = p[0];
                g = p[1];
                b = p[2];
            }
            out[x] = 0xFF000000u | (r << 16) | (g << 8) | b;
        }
    }
    jpeg_finish_decompress(&reader.info);
    return true;
}

}  // namespace

std::shared_ptr<const Image> Image::open(const std::filesystem::path& path) {
    auto image = std::shared_ptr<Image>(new Image());
    image->path_ = path;
    if (!std::filesystem::is_regular_file(path)) {
        throw InputError(path.string() +
                         ": image not found (a relative path is read from the job file's folder)");
    }
    auto bytes = read_bytes(path);
    const auto* data = reinterpret_cast<const unsigned char*>(bytes->data());
    if (bytes->size() >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        JpegReader reader;
        if (!read_jpeg_header(reader, *bytes)) {
            throw InputError(path.string() + ": not a JPEG podcover can read (" +
                             reader.error.message + ")");
        }
        image->format_ = Format::jpeg;
        image->width_ = static_cast<int>(reader.info.image_width);
        image->height_ = static_cast<int>(reader.info.image_height);
        image->components_ = reader.info.num_components;
        image->jpeg_bytes_ = std::move(bytes);
        return image;
    }
    static const unsigned char png_signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (bytes->size() >= 8 && std::memcmp(data, png_signature, 8) == 0) {
        image->format_ = Format::png;
        image->png_.reset(cairo_image_surface_create_from_png(path.c_str()));
        if (cairo_surface_status(image->png_.get()) != CAIRO_STATUS_SUCCESS) {
            throw InputError(path.string() + ": not a PNG podcover can read (" +
                             cairo_status_to_string(cairo_surface_status(image->png_.get())) + ")");
        }
        image->width_ = cairo_image_surface_get_width(image->png_.get());
        image->height_ = cairo_image_surface_get_height(image->png_.get());
        return image;
    }
    throw InputError(path.string() + ": not a JPEG or PNG image; export the art as one of them");
}

CairoSurface Image::pdf_surface() const {
    if (format_ == Format::png)
        return CairoSurface(cairo_surface_reference(png_.get()));
    // The pixels stay unset: the PDF backend writes the JPEG data instead. (The buffer is
    // zero-filled lazily by the allocator, so an unread surface costs no memory.)
    CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_, height_));
    check_cairo(cairo_surface_status(surface.get()), "image surface");
    auto* keep = new std::shared_ptr<const std::string>(jpeg_bytes_);
    const auto status =
        cairo_surface_set_mime_data(surface.get(), CAIRO_MIME_TYPE_JPEG,
                                    reinterpret_cast<const unsigned char*>(jpeg_bytes_->data()),
                                    jpeg_bytes_->size(), release_bytes, keep);
    if (status != CAIRO_STATUS_SUCCESS) {
        delete keep;
        check_cairo(status, "attaching JPEG data");
    }
    // One image, one XObject: Cairo shares it between the pages and surfaces that draw it
    // (the proof draws every cover).
    // Cairo keeps the pointer, not a copy: it gets a string of its own, freed with the surface.
    auto* id = new std::string("podcover:" + path_.string());
    const auto named = cairo_surface_set_mime_data(
        surface.get(), CAIRO_MIME_TYPE_UNIQUE_ID,
        reinterpret_cast<const unsigned char*>(id->data()), id->size(), release_string, id);
    if (named != CAIRO_STATUS_SUCCESS) {
        delete id;
        check_cairo(named, "naming the image");
    }
    return surface;
}

CairoSurface Image::raster_surface(int min_width_px) const {
    if (format_ == Format::png)
        return CairoSurface(cairo_surface_reference(png_.get()));
    JpegReader reader;
    // The smallest DCT scale (1/8, 1/4, 1/2, 1) that still gives min_width_px.
    unsigned denominator = 8;
    while (denominator > 1 && width_ / static_cast<int>(denominator) < min_width_px)
        denominator /= 2;
    if (!start_jpeg(reader, *jpeg_bytes_, denominator)) {
        throw InputError(path_.string() + ": cannot decode the JPEG (" + reader.error.message +
                         ")");
    }
    const int width = static_cast<int>(reader.info.output_width);
    const int height = static_cast<int>(reader.info.output_height);
    CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    check_cairo(cairo_surface_status(surface.get()), "image surface");
    cairo_surface_flush(surface.get());
    std::vector<unsigned char> row(static_cast<std::size_t>(width) *
                                   static_cast<std::size_t>(reader.info.output_components));
    if (!read_jpeg(reader, cairo_image_surface_get_data(surface.get()),
                   cairo_image_surface_get_stride(surface.get()), row.data())) {
        throw InputError(path_.string() + ": cannot decode the JPEG (" + reader.error.message +
                         ")");
    }
    cairo_surface_mark_dirty(surface.get());
    return surface;
}

}  // namespace podcover::render
