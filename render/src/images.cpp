#include "podcover/render/images.hpp"

#include <cstdio>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>
// After jpeglib.h: the message codes (JWRN_...).
#include <jerror.h>

#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
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
    // libjpeg goes on past damaged data with a warning on standard error, filling what it
    // could not read with grey: a truncated or corrupt JPEG would print as a grey block. Damage
    // is an error here; other warnings (extraneous bytes between markers, an unknown JFIF
    // revision) are harmless and, like trace messages, not printed.
    manager->emit_message = [](j_common_ptr info, int level) {
        if (level >= 0)
            return;
        switch (info->err->msg_code) {
            case JWRN_JPEG_EOF:
            case JWRN_HIT_MARKER:
            case JWRN_HUFF_BAD_CODE:
            case JWRN_ARITH_BAD_CODE:
            case JWRN_MUST_RESYNC:
            case JWRN_BOGUS_PROGRESSION:
            case JWRN_NOT_SEQUENTIAL:
                (*info->err->error_exit)(info);
                break;
            default:
                break;
        }
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
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (!error && size > max_image_bytes) {
        throw InputError(path.string() + ": the image file is " + std::to_string(size / 1'000'000) +
                         " MB, more than the " + std::to_string(max_image_bytes / 1'000'000) +
                         " MB podcover reads; export it smaller (300 ppi is enough for print)");
    }
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

std::string pixels_text(long long width, long long height) {
    return std::to_string(width) + " \xC3\x97 " + std::to_string(height) + " px";
}

// Refuses, before any pixel is decoded, an image whose declared size is beyond what podcover
// draws (images.hpp).
void check_declared_size(const std::filesystem::path& path, long long width, long long height) {
    if (width <= 0 || height <= 0) {
        throw InputError(path.string() + ": the image declares " + pixels_text(width, height) +
                         "; export it again");
    }
    if (width > max_image_side_px || height > max_image_side_px) {
        throw InputError(path.string() + ": the image is " + pixels_text(width, height) +
                         ", beyond the " + std::to_string(max_image_side_px) +
                         " px a side podcover draws (Cairo's limit); scale it down (300 ppi is "
                         "enough for print)");
    }
    if (width * height > max_image_pixels) {
        throw InputError(path.string() + ": the image is " + pixels_text(width, height) + ", " +
                         std::to_string(width * height / 1'000'000) +
                         " million pixels, more than the " +
                         std::to_string(max_image_pixels / 1'000'000) +
                         " million podcover reads; scale it down (300 ppi is enough for print)");
    }
}

// A PNG's size from its header chunk (IHDR), which must come first.
std::optional<std::pair<long long, long long>> png_declared_size(const std::string& bytes) {
    if (bytes.size() < 24 || bytes.compare(12, 4, "IHDR") != 0)
        return std::nullopt;
    const auto big_endian = [&](std::size_t at) {
        long long value = 0;
        for (std::size_t i = 0; i < 4; ++i)
            value = value * 256 + static_cast<unsigned char>(bytes[at + i]);
        return value;
    };
    return std::pair{big_endian(16), big_endian(20)};
}

struct PngSource {
    const std::string* bytes;
    std::size_t at = 0;
};

cairo_status_t read_png_bytes(void* closure, unsigned char* data, unsigned int length) {
    auto* source = static_cast<PngSource*>(closure);
    if (source->bytes->size() - source->at < length)
        return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, source->bytes->data() + source->at, length);
    source->at += length;
    return CAIRO_STATUS_SUCCESS;
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
        check_declared_size(path, reader.info.image_width, reader.info.image_height);
        // The compressed data starts where the header ends and cannot hold the end marker
        // (FF D9: a FF in the data is followed by 00): a JPEG cut short has none after it.
        const auto data_start = static_cast<std::size_t>(reader.info.src->next_input_byte - data);
        if (std::string_view(*bytes).find("\xFF\xD9", data_start) == std::string_view::npos) {
            throw InputError(path.string() +
                             ": the JPEG is cut short (it has no end marker); copy or export it "
                             "again");
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
        const auto declared = png_declared_size(*bytes);
        if (!declared)
            throw InputError(path.string() + ": not a PNG podcover can read (no IHDR header)");
        check_declared_size(path, declared->first, declared->second);
        PngSource source{bytes.get()};
        image->png_.reset(cairo_image_surface_create_from_png_stream(read_png_bytes, &source));
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
    // One surface for the image's life: a PDF surface that drew it keeps a snapshot of it, and
    // Cairo copies every pixel into that snapshot when the image surface goes first (a 200
    // million pixel art would take 800 MB more, and the time to copy them).
    if (jpeg_surface_)
        return CairoSurface(cairo_surface_reference(jpeg_surface_.get()));
    // The pixels stay unset: the PDF backend writes the JPEG data instead. (The buffer is
    // zero-filled lazily by the allocator, so an unread surface costs no memory.)
    CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1));
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
    jpeg_surface_ = std::move(surface);
    return CairoSurface(cairo_surface_reference(jpeg_surface_.get()));
}

CairoSurface Image::raster_surface(int min_width_px) const {
    if (format_ == Format::png)
        return CairoSurface(cairo_surface_reference(png_.get()));
    // The smallest DCT scale (1/8, 1/4, 1/2, 1) that still gives min_width_px, within
    // max_decoded_pixels; libjpeg's output is width / denominator rounded up.
    const auto scaled = [](int size, unsigned denominator) {
        return (static_cast<long long>(size) + denominator - 1) / denominator;
    };
    unsigned denominator = 8;
    while (denominator > 1 && scaled(width_, denominator) < min_width_px &&
           scaled(width_, denominator / 2) * scaled(height_, denominator / 2) <=
               max_decoded_pixels) {
        denominator /= 2;
    }
    const std::lock_guard<std::mutex> lock(decoded_mutex_);
    if (decoded_ && decoded_denominator_ == denominator)
        return CairoSurface(cairo_surface_reference(decoded_.get()));
    decoded_.reset();
    JpegReader reader;
    if (!start_jpeg(reader, *jpeg_bytes_, denominator)) {
        throw InputError(path_.string() + ": cannot decode the JPEG (" + reader.error.message +
                         "); export it again");
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
        throw InputError(path_.string() + ": the JPEG is damaged (" + reader.error.message +
                         "); export it again");
    }
    cairo_surface_mark_dirty(surface.get());
    decoded_ = CairoSurface(cairo_surface_reference(surface.get()));
    decoded_denominator_ = denominator;
    return surface;
}

}  // namespace podcover::render
