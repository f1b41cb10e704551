#include "cmyk_jpeg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "podcover/render/jpeg_errors.hpp"

namespace podcover::render {
namespace {

// A decompressor and, for recoding, a compressor, each with its own error manager: the two
// may run on different threads.
struct JpegCodec {
    JpegErrors in_error{};
    JpegErrors out_error{};
    jpeg_decompress_struct in{};
    jpeg_compress_struct out{};
    bool compressing = false;
    unsigned char* encoded = nullptr;  // jpeg_mem_dest's buffer (malloc'd by libjpeg)
    unsigned long encoded_size = 0;
    JpegCodec() {
        in.err = jpeg_errors(in_error);
        jpeg_create_decompress(&in);
    }
    void start_compressor() {
        out.err = jpeg_errors(out_error);
        jpeg_create_compress(&out);
        compressing = true;
    }
    ~JpegCodec() {
        jpeg_destroy_decompress(&in);
        if (compressing)
            jpeg_destroy_compress(&out);
        std::free(encoded);
    }
    JpegCodec(const JpegCodec&) = delete;
    JpegCodec& operator=(const JpegCodec&) = delete;
};

// Each step below runs libjpeg under setjmp and keeps only trivially destructible locals,
// since a longjmp skips destructors; each returns false with the error manager's message set.

bool read_header(JpegCodec& codec, const std::string& bytes, bool keep_icc) {
    if (setjmp(codec.in_error.jump) != 0)
        return false;
    jpeg_mem_src(&codec.in, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    if (keep_icc)
        jpeg_save_markers(&codec.in, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&codec.in, TRUE);
    return true;
}

bool take_icc(JpegCodec& codec, std::string* icc) {
    if (setjmp(codec.in_error.jump) != 0)
        return false;
    JOCTET* data = nullptr;
    unsigned int length = 0;
    if (jpeg_read_icc_profile(&codec.in, &data, &length) && data) {
        icc->assign(reinterpret_cast<const char*>(data), length);
        std::free(data);
    }
    return true;
}

bool start_recode(JpegCodec& codec) {
    if (setjmp(codec.in_error.jump) != 0)
        return false;
    codec.in.out_color_space = JCS_RGB;
    jpeg_start_decompress(&codec.in);
    return true;
}

// libjpeg's standard luminance table (ITU-T T.81 K.1), in natural order as libjpeg keeps it.
constexpr unsigned standard_luminance[64] = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

// The quality libjpeg would have been given for the source's luminance table (its inverse of
// jpeg_quality_scaling), within podcover's bounds.
int recode_quality(const jpeg_decompress_struct& in) {
    const JQUANT_TBL* table = in.quant_tbl_ptrs[0];
    if (!table)
        return max_cmyk_jpeg_quality;
    double sum = 0, standard = 0;
    for (int i = 0; i < 64; ++i) {
        sum += table->quantval[i];
        standard += standard_luminance[i];
    }
    const double scale = sum / standard * 100;
    const double quality = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
    return std::clamp(static_cast<int>(std::lround(quality)), min_cmyk_jpeg_quality,
                      max_cmyk_jpeg_quality);
}

// Whether the source stores colour at lower resolution than brightness.
bool subsampled(const jpeg_decompress_struct& in) {
    return in.num_components == 3 &&
           (in.comp_info[1].h_samp_factor < in.comp_info[0].h_samp_factor ||
            in.comp_info[1].v_samp_factor < in.comp_info[0].v_samp_factor);
}

bool start_encoder(JpegCodec& codec, int quality, bool ycck) {
    if (setjmp(codec.out_error.jump) != 0)
        return false;
    codec.start_compressor();
    jpeg_mem_dest(&codec.out, &codec.encoded, &codec.encoded_size);
    codec.out.image_width = codec.in.output_width;
    codec.out.image_height = codec.in.output_height;
    codec.out.input_components = 4;
    codec.out.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&codec.out);
    // With Adobe's APP14 marker, which libjpeg writes for CMYK and YCCK; Adobe's readers take
    // the inks as stored inverted. YCCK keeps the source's colour subsampling (Cb and Cr of
    // the inverted C, M, Y at its factors; Y and K at full resolution).
    jpeg_set_colorspace(&codec.out, ycck ? JCS_YCCK : JCS_CMYK);
    if (ycck) {
        for (int c = 0; c < 3; ++c) {
            codec.out.comp_info[c].h_samp_factor = codec.in.comp_info[c].h_samp_factor;
            codec.out.comp_info[c].v_samp_factor = codec.in.comp_info[c].v_samp_factor;
        }
        codec.out.comp_info[3].h_samp_factor = codec.in.comp_info[0].h_samp_factor;
        codec.out.comp_info[3].v_samp_factor = codec.in.comp_info[0].v_samp_factor;
    }
    jpeg_set_quality(&codec.out, quality, TRUE);
    codec.out.density_unit = codec.in.density_unit;
    codec.out.X_density = codec.in.X_density;
    codec.out.Y_density = codec.in.Y_density;
    jpeg_start_compress(&codec.out, TRUE);
    return true;
}

bool decode_rows(JpegCodec& codec, unsigned char* rgb, int rows, std::size_t row_bytes) {
    if (setjmp(codec.in_error.jump) != 0)
        return false;
    for (int i = 0; i < rows; ++i) {
        JSAMPROW row[] = {rgb + static_cast<std::size_t>(i) * row_bytes};
        jpeg_read_scanlines(&codec.in, row, 1);
    }
    if (codec.in.output_scanline == codec.in.output_height)
        jpeg_finish_decompress(&codec.in);
    return true;
}

bool encode_rows(JpegCodec& codec, unsigned char* cmyk, int rows, std::size_t row_bytes) {
    if (setjmp(codec.out_error.jump) != 0)
        return false;
    for (int i = 0; i < rows; ++i) {
        JSAMPROW row[] = {cmyk + static_cast<std::size_t>(i) * row_bytes};
        jpeg_write_scanlines(&codec.out, row, 1);
    }
    if (codec.out.next_scanline == codec.out.image_height)
        jpeg_finish_compress(&codec.out);
    return true;
}

bool start_cmyk(JpegCodec& codec, unsigned scale_denominator) {
    if (setjmp(codec.in_error.jump) != 0)
        return false;
    codec.in.scale_num = 1;
    codec.in.scale_denom = scale_denominator;
    codec.in.out_color_space = JCS_CMYK;
    jpeg_start_decompress(&codec.in);
    return true;
}

bool read_row(JpegCodec& codec, unsigned char* row) {
    if (setjmp(codec.in_error.jump) != 0)
        return false;
    JSAMPROW rows[] = {row};
    jpeg_read_scanlines(&codec.in, rows, 1);
    return true;
}

void fail(const JpegCodec& codec, const char* what) {
    throw std::runtime_error(std::string(what) + " (" + codec.in_error.message + ")");
}

// Opens a CMYK JPEG for decoding at 1/scale_denominator; false when it is not CMYK.
bool open_cmyk(JpegCodec& codec, const std::string& bytes, unsigned scale_denominator) {
    if (!read_header(codec, bytes, false))
        fail(codec, "cannot read the CMYK JPEG");
    if (codec.in.num_components != 4)
        return false;
    if (!start_cmyk(codec, scale_denominator))
        fail(codec, "cannot decode the CMYK JPEG");
    return true;
}

}  // namespace

std::optional<JpegFacts> read_jpeg_facts(const std::string& bytes) {
    JpegCodec codec;
    if (!read_header(codec, bytes, true))
        return std::nullopt;
    JpegFacts facts;
    facts.width_px = static_cast<int>(codec.in.image_width);
    facts.height_px = static_cast<int>(codec.in.image_height);
    facts.components = codec.in.num_components;
    facts.adobe = codec.in.saw_Adobe_marker;
    if (!take_icc(codec, &facts.icc))
        return std::nullopt;
    return facts;
}

RecodedJpeg recode_jpeg_as_cmyk(const std::string& bytes, const CmykConverter& converter) {
    JpegCodec codec;
    if (!read_header(codec, bytes, true))
        fail(codec, "cannot read the RGB JPEG");
    std::string icc;
    if (!take_icc(codec, &icc))
        fail(codec, "cannot read the RGB JPEG's profile");
    if (!start_recode(codec))
        fail(codec, "cannot decode the RGB JPEG");
    RecodedJpeg recoded;
    recoded.quality = recode_quality(codec.in);
    recoded.subsampled = subsampled(codec.in);
    if (!start_encoder(codec, recoded.quality, recoded.subsampled))
        throw std::runtime_error(std::string("cannot encode a CMYK JPEG (") +
                                 codec.out_error.message + ")");
    // Decoding and converting on one thread, encoding on this one, a band of rows at a time:
    // the two halves take about as long, and a cover's art is the largest work of a render.
    const std::size_t width = codec.in.output_width;
    const int height = static_cast<int>(codec.in.output_height);
    constexpr int band_rows = 32;
    struct Band {
        std::vector<unsigned char> cmyk;
        int rows = 0;
        bool ready = false;
    };
    std::array<Band, 3> bands;
    for (auto& band : bands)
        band.cmyk.resize(width * 4 * band_rows);
    std::mutex mutex;
    std::condition_variable changed;
    bool decode_failed = false, encode_failed = false;
    std::exception_ptr thrown;
    std::thread decoder([&] {
        std::vector<unsigned char> rgb(width * 3 * band_rows);
        for (int first = 0, index = 0; first < height; first += band_rows, ++index) {
            Band& band = bands[static_cast<std::size_t>(index) % bands.size()];
            {
                std::unique_lock<std::mutex> lock(mutex);
                changed.wait(lock, [&] { return !band.ready || encode_failed; });
                if (encode_failed)
                    return;
            }
            const int rows = std::min(band_rows, height - first);
            bool decoded = decode_rows(codec, rgb.data(), rows, width * 3);
            if (decoded) {
                // An exception must not leave this thread: it is carried to the caller.
                try {
                    converter.convert_pixels(rgb.data(), band.cmyk.data(),
                                             width * static_cast<std::size_t>(rows), true, icc,
                                             jpeg_ink_margin_percent);
                } catch (...) {
                    thrown = std::current_exception();
                    decoded = false;
                }
            }
            std::lock_guard<std::mutex> lock(mutex);
            if (!decoded) {
                decode_failed = true;
                changed.notify_all();
                return;
            }
            band.rows = rows;
            band.ready = true;
            changed.notify_all();
        }
    });
    for (int first = 0, index = 0; first < height; first += band_rows, ++index) {
        Band& band = bands[static_cast<std::size_t>(index) % bands.size()];
        {
            std::unique_lock<std::mutex> lock(mutex);
            changed.wait(lock, [&] { return band.ready || decode_failed; });
            if (decode_failed)
                break;
        }
        const bool encoded = encode_rows(codec, band.cmyk.data(), band.rows, width * 4);
        std::lock_guard<std::mutex> lock(mutex);
        band.ready = false;
        if (!encoded)
            encode_failed = true;
        changed.notify_all();
        if (!encoded)
            break;
    }
    decoder.join();
    if (thrown)
        std::rethrow_exception(thrown);
    if (decode_failed)
        fail(codec, "cannot decode the RGB JPEG");
    if (encode_failed) {
        throw std::runtime_error(std::string("cannot encode a CMYK JPEG (") +
                                 codec.out_error.message + ")");
    }
    recoded.bytes.assign(reinterpret_cast<const char*>(codec.encoded), codec.encoded_size);
    return recoded;
}

CairoSurface proof_cmyk_jpeg(const std::string& bytes, int min_width_px,
                             const CmykConverter& converter) {
    JpegCodec probe;
    if (!read_header(probe, bytes, false))
        fail(probe, "cannot read the CMYK JPEG");
    // libjpeg's output is the width divided by the denominator, rounded up: rounded down, an
    // odd width looked one pixel short of the scale that gives it, and was decoded at twice it.
    unsigned denominator = 8;
    while (denominator > 1 &&
           static_cast<int>((probe.in.image_width + denominator - 1) / denominator) < min_width_px)
        denominator /= 2;
    JpegCodec codec;
    if (!open_cmyk(codec, bytes, denominator))
        throw std::runtime_error("not a CMYK JPEG");
    const int width = static_cast<int>(codec.in.output_width);
    const int height = static_cast<int>(codec.in.output_height);
    CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    check_cairo(cairo_surface_status(surface.get()), "image surface");
    cairo_surface_flush(surface.get());
    unsigned char* pixels = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    std::vector<unsigned char> row(static_cast<std::size_t>(width) * 4);
    const bool inverted = codec.in.saw_Adobe_marker;
    for (int y = 0; y < height; ++y) {
        if (!read_row(codec, row.data()))
            fail(codec, "cannot decode the CMYK JPEG");
        converter.proof_cmyk_pixels(
            row.data(), inverted,
            reinterpret_cast<std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride),
            static_cast<std::size_t>(width));
    }
    cairo_surface_mark_dirty(surface.get());
    return surface;
}

double cmyk_jpeg_max_ink_percent(const std::string& bytes) {
    JpegCodec codec;
    if (!open_cmyk(codec, bytes, 8))
        throw std::runtime_error("not a CMYK JPEG");
    const bool inverted = codec.in.saw_Adobe_marker;
    std::vector<unsigned char> row(static_cast<std::size_t>(codec.in.output_width) * 4);
    int largest = 0;
    while (codec.in.output_scanline < codec.in.output_height) {
        if (!read_row(codec, row.data()))
            fail(codec, "cannot decode the CMYK JPEG");
        for (std::size_t i = 0; i < row.size(); i += 4) {
            int total = 0;
            for (std::size_t c = 0; c < 4; ++c)
                total += inverted ? 255 - row[i + c] : row[i + c];
            largest = std::max(largest, total);
        }
    }
    return largest * 100.0 / 255;
}

}  // namespace podcover::render
