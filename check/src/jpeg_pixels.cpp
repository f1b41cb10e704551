#include "jpeg_pixels.hpp"

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <utility>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>
#include <lcms2.h>

namespace podcover::check {
namespace {

// ---- libjpeg, with errors as exceptions ----------------------------------------------------

// libjpeg reports a fatal error through error_exit, which must not return: it jumps back to
// the guarded() call in progress, which throws. Only libjpeg's C frames lie between, so no
// destructor is skipped.
struct ErrorManager {
    jpeg_error_mgr pub;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    char first_warning[JMSG_LENGTH_MAX];
    int warnings;
};

ErrorManager& errors_of(j_common_ptr info) {
    return *reinterpret_cast<ErrorManager*>(info->err);
}

[[noreturn]] void on_error(j_common_ptr info) {
    ErrorManager& errors = errors_of(info);
    (*info->err->format_message)(info, errors.message);
    std::longjmp(errors.jump, 1);
}

// Warnings (corrupt data, a premature end) are counted; trace messages ignored; nothing printed.
void on_message(j_common_ptr info, int level) {
    if (level >= 0)
        return;
    ErrorManager& errors = errors_of(info);
    if (errors.warnings++ == 0)
        (*info->err->format_message)(info, errors.first_warning);
}

void on_output(j_common_ptr) {}

template <class Step>
void guarded(ErrorManager& errors, Step&& step) {
    if (setjmp(errors.jump) != 0)
        throw JpegError(std::string("the JPEG data cannot be decoded: ") + errors.message);
    step();
}

// Feeds libjpeg from a ByteSource. Like Poppler's DCTStream it starts at the first FF D8 (some
// PDFs put bytes before it) and, where the stream ends early, it hands libjpeg an end marker and
// notes it: the decode then fails, and Poppler renders what it salvages its own way.
constexpr std::size_t chunk_bytes = 1 << 16;
const JOCTET end_of_image[] = {0xFF, 0xD9};

struct SourceManager {
    jpeg_source_mgr pub;
    ByteSource* bytes;
    std::uint8_t* buffer;  // chunk_bytes + 1
    bool ended_early;
};

SourceManager& source_of(j_decompress_ptr info) {
    return *reinterpret_cast<SourceManager*>(info->src);
}

std::size_t read_some(ByteSource& bytes, std::uint8_t* buffer) noexcept {
    try {
        return bytes.read(buffer, chunk_bytes);
    } catch (...) {
        return 0;
    }
}

void source_init(j_decompress_ptr) {}
void source_term(j_decompress_ptr) {}

boolean source_fill(j_decompress_ptr info) {
    SourceManager& source = source_of(info);
    const std::size_t got = read_some(*source.bytes, source.buffer);
    if (got == 0) {
        source.ended_early = true;
        source.pub.next_input_byte = end_of_image;
        source.pub.bytes_in_buffer = sizeof end_of_image;
    } else {
        source.pub.next_input_byte = source.buffer;
        source.pub.bytes_in_buffer = got;
    }
    return TRUE;
}

void source_skip(j_decompress_ptr info, long count) {
    SourceManager& source = source_of(info);
    while (count > static_cast<long>(source.pub.bytes_in_buffer)) {
        count -= static_cast<long>(source.pub.bytes_in_buffer);
        source_fill(info);
        if (source.ended_early)
            return;
    }
    if (count > 0) {
        source.pub.next_input_byte += count;
        source.pub.bytes_in_buffer -= static_cast<std::size_t>(count);
    }
}

// One decompression: the libjpeg object, its error and source managers, freed on every path
// (jpeg_destroy_decompress is safe on a zeroed or half-created object).
class Decompressor {
  public:
    explicit Decompressor(ByteSource& bytes) : buffer_(chunk_bytes + 1) {
        source_.pub.init_source = source_init;
        source_.pub.fill_input_buffer = source_fill;
        source_.pub.skip_input_data = source_skip;
        source_.pub.resync_to_restart = jpeg_resync_to_restart;
        source_.pub.term_source = source_term;
        source_.bytes = &bytes;
        source_.buffer = buffer_.data();
        source_.ended_early = false;
        find_start(bytes);

        info_.err = jpeg_std_error(&errors_.pub);
        errors_.pub.error_exit = on_error;
        errors_.pub.emit_message = on_message;
        errors_.pub.output_message = on_output;
        try {
            guarded(errors_, [this] { jpeg_create_decompress(&info_); });
        } catch (...) {
            jpeg_destroy_decompress(&info_);
            throw;
        }
        info_.mem->max_memory_to_use = max_jpeg_decoder_bytes;
        info_.src = &source_.pub;
    }
    ~Decompressor() { jpeg_destroy_decompress(&info_); }
    Decompressor(const Decompressor&) = delete;
    Decompressor& operator=(const Decompressor&) = delete;

    jpeg_decompress_struct& info() { return info_; }
    ErrorManager& errors() { return errors_; }
    bool damaged() const { return errors_.warnings > 0 || source_.ended_early; }
    std::string damage() const {
        return errors_.warnings > 0 ? std::string(errors_.first_warning)
                                    : std::string("the data ends before the image does");
    }

  private:
    jpeg_decompress_struct info_{};
    ErrorManager errors_{};
    SourceManager source_{};
    std::vector<std::uint8_t> buffer_;

    // Poppler's scan for the start of image: a byte FF, then D8; any other byte after FF starts
    // the search again (so "FF FF D8" is passed over, as there). libjpeg is then handed FF D8
    // and what follows.
    void find_start(ByteSource& bytes) {
        bool after_ff = false;
        for (;;) {
            const std::size_t got = read_some(bytes, buffer_.data() + 1);
            if (got == 0)
                throw JpegError("the stream holds no JPEG data (no FF D8 start of image)");
            for (std::size_t i = 1; i <= got; ++i) {
                const std::uint8_t b = buffer_[i];
                if (!after_ff) {
                    after_ff = b == 0xFF;
                } else if (b == 0xD8) {
                    buffer_[i - 1] = 0xFF;
                    source_.pub.next_input_byte = buffer_.data() + (i - 1);
                    source_.pub.bytes_in_buffer = got + 1 - (i - 1);
                    return;
                } else {
                    after_ff = false;
                }
            }
        }
    }
};

// jpeg_read_header, then Poppler's choice of colour transform (DCTStream::reset): the Adobe
// marker's transform flag wins; without it /ColorTransform; without both, 3 components are
// YCbCr unless their ids spell "RGB" (a JFIF marker means YCbCr), 4 are CMYK untransformed.
void read_header(Decompressor& d, int color_transform) {
    jpeg_decompress_struct& info = d.info();
    guarded(d.errors(), [&info] { jpeg_read_header(&info, TRUE); });
    if (info.num_components != 1 && info.num_components != 3 && info.num_components != 4) {
        throw JpegError("a JPEG of " + std::to_string(info.num_components) +
                        " components is left to Poppler");
    }
    int transform = color_transform;
    if (info.saw_Adobe_marker) {
        transform = info.Adobe_transform;
    } else if (transform == -1) {
        transform = 0;
        if (info.num_components == 3) {
            const jpeg_component_info* c0 =
                info.comps_in_scan >= 3 ? info.cur_comp_info[0] : &info.comp_info[0];
            const jpeg_component_info* c1 =
                info.comps_in_scan >= 3 ? info.cur_comp_info[1] : &info.comp_info[1];
            const jpeg_component_info* c2 =
                info.comps_in_scan >= 3 ? info.cur_comp_info[2] : &info.comp_info[2];
            const bool rgb_ids =
                c0->component_id == 'R' && c1->component_id == 'G' && c2->component_id == 'B';
            transform = info.saw_JFIF_marker || !rgb_ids ? 1 : 0;
        }
    }
    if (info.num_components == 3)
        info.jpeg_color_space = transform ? JCS_YCbCr : JCS_RGB;
    if (info.num_components == 4)
        info.jpeg_color_space = transform ? JCS_YCCK : JCS_CMYK;
}

// ---- colour, as Poppler's GfxImageColorMap and colour spaces compute it --------------------

// Poppler's 16.16 fixed-point colour components (GfxState.h).
constexpr int colour_one = 0x10000;
int to_colour(double x) {
    return static_cast<int>(x * colour_one);
}
int clip_colour(int x) {
    return x < 0 ? 0 : x > colour_one ? colour_one : x;
}
std::uint8_t colour_to_byte(int x) {
    return static_cast<std::uint8_t>((x * 256 - x + 0x8000) >> 16);
}

// Poppler's CMYK to RGB (GfxDeviceCMYKColorSpace, GfxState_helpers.h): the colour is
// interpolated multilinearly between the RGB of the 16 corners of the CMYK cube, in this
// order, each corner's weight multiplied out as ((c * m) * y) * k, as there, so that the doubles
// and the bytes they truncate to come out the same.
struct CmykCorner {
    bool c, m, y, k;
    double r, g, b;
};
constexpr CmykCorner cmyk_corners[] = {
    {false, false, false, false, 1, 1, 1},
    {false, false, false, true, 0.1373, 0.1216, 0.1255},
    {false, false, true, false, 1, 0.9490, 0},
    {false, false, true, true, 0.1098, 0.1020, 0},
    {false, true, false, false, 0.9255, 0, 0.5490},
    {false, true, false, true, 0.1412, 0, 0},
    {false, true, true, false, 0.9294, 0.1098, 0.1412},
    {false, true, true, true, 0.1333, 0, 0},
    {true, false, false, false, 0, 0.6784, 0.9373},
    {true, false, false, true, 0, 0.0588, 0.1412},
    {true, false, true, false, 0, 0.6510, 0.3137},
    {true, false, true, true, 0, 0.0745, 0},
    {true, true, false, false, 0.1804, 0.1922, 0.5725},
    {true, true, false, true, 0, 0, 0.0078},
    {true, true, true, false, 0.2118, 0.2119, 0.2235},
    // (1 1 1 1) is black: no term.
};

struct ByteFractions {
    std::array<double, 256> value{}, complement{};
    ByteFractions() {
        for (int i = 0; i < 256; ++i) {
            value[static_cast<std::size_t>(i)] = static_cast<double>(i) / 255.0;
            complement[static_cast<std::size_t>(i)] = 1 - value[static_cast<std::size_t>(i)];
        }
    }
};
const ByteFractions& byte_fractions() {
    static const ByteFractions fractions;
    return fractions;
}

// Poppler's dblToByte after clip01: truncation, not rounding.
std::uint8_t unit_to_byte(double x) {
    return static_cast<std::uint8_t>((x < 0 ? 0 : x > 1 ? 1 : x) * 255.0);
}

// Pixels are converted a block at a time, each step done for the whole block, so that the
// compiler runs the block's pixels side by side (the arithmetic of each stays Poppler's).
void cmyk_to_rgb(const std::uint8_t* in, std::uint8_t* out, std::size_t pixels) {
    constexpr std::size_t lanes = 8;
    const ByteFractions& f = byte_fractions();
    for (std::size_t start = 0; start < pixels; start += lanes) {
        const std::size_t count = std::min(lanes, pixels - start);
        const std::uint8_t* p = in + start * 4;
        // [0] the complement (1 - x), [1] the value x, per component and pixel.
        double cs[2][lanes], ms[2][lanes], ys[2][lanes], ks[2][lanes];
        for (std::size_t l = 0; l < lanes; ++l) {
            const std::size_t at = l < count ? l * 4 : 0;
            cs[0][l] = f.complement[p[at]];
            cs[1][l] = f.value[p[at]];
            ms[0][l] = f.complement[p[at + 1]];
            ms[1][l] = f.value[p[at + 1]];
            ys[0][l] = f.complement[p[at + 2]];
            ys[1][l] = f.value[p[at + 2]];
            ks[0][l] = f.complement[p[at + 3]];
            ks[1][l] = f.value[p[at + 3]];
        }
        // The partial products ((c * m) * y) are shared between corners: the same
        // multiplications in the same order give the same doubles.
        double cmy[2][2][2][lanes];
        for (int c = 0; c < 2; ++c) {
            for (int m = 0; m < 2; ++m) {
                for (int y = 0; y < 2; ++y) {
                    for (std::size_t l = 0; l < lanes; ++l)
                        cmy[c][m][y][l] = cs[c][l] * ms[m][l] * ys[y][l];
                }
            }
        }
        double r[lanes], g[lanes], b[lanes];
        for (std::size_t l = 0; l < lanes; ++l)
            r[l] = g[l] = b[l] = cmy[0][0][0][l] * ks[0][l];
        // One corner's terms for the whole block; Poppler adds only the non-zero ones (adding
        // 0 * weight would change nothing).
        const auto add = [&]<std::size_t i>(std::integral_constant<std::size_t, i>) {
            constexpr CmykCorner corner = cmyk_corners[i];
            const double* cmy_l = cmy[corner.c][corner.m][corner.y];
            const double* k_l = ks[corner.k];
            for (std::size_t l = 0; l < lanes; ++l) {
                const double weight = cmy_l[l] * k_l[l];
                if constexpr (corner.r != 0)
                    r[l] += corner.r * weight;
                if constexpr (corner.g != 0)
                    g[l] += corner.g * weight;
                if constexpr (corner.b != 0)
                    b[l] += corner.b * weight;
            }
        };
        [&]<std::size_t... i>(std::index_sequence<i...>) {
            (add(std::integral_constant<std::size_t, i + 1>{}), ...);
        }
        (std::make_index_sequence<std::size(cmyk_corners) - 1>{});
        std::uint8_t* o = out + start * 3;
        for (std::size_t l = 0; l < count; ++l) {
            o[l * 3] = unit_to_byte(r[l]);
            o[l * 3 + 1] = unit_to_byte(g[l]);
            o[l * 3 + 2] = unit_to_byte(b[l]);
        }
    }
}

// Art repeats its colours (flat areas, gradients, JPEG's quantising: a 16-million pixel cover
// holds some tens of thousands of CMYK values), so answers are kept in a table by value and only
// the values not in it computed, a block at a time.
class CmykCache {
  public:
    CmykCache() : slots_(std::size_t{1} << bits) {}
    void convert(const std::uint8_t* in, std::uint8_t* out, std::size_t pixels) {
        constexpr std::size_t block = 512;
        std::uint8_t misses[block * 4] = {}, computed[block * 3] = {};
        std::size_t miss_at[block] = {};
        std::size_t missed = 0;
        const auto flush = [&] {
            cmyk_to_rgb(misses, computed, missed);
            for (std::size_t i = 0; i < missed; ++i) {
                std::memcpy(out + miss_at[i] * 3, computed + i * 3, 3);
                Slot& slot = slot_of(key_of(misses + i * 4));
                slot.key = key_of(misses + i * 4);
                std::memcpy(slot.rgb, computed + i * 3, 3);
                slot.used = true;
            }
            missed = 0;
        };
        for (std::size_t i = 0; i < pixels; ++i) {
            const std::uint32_t key = key_of(in + i * 4);
            const Slot& slot = slot_of(key);
            if (slot.used && slot.key == key) {
                std::memcpy(out + i * 3, slot.rgb, 3);
                continue;
            }
            std::memcpy(misses + missed * 4, in + i * 4, 4);
            miss_at[missed++] = i;
            if (missed == block)
                flush();
        }
        flush();
    }

  private:
    static constexpr int bits = 16;
    struct Slot {
        std::uint32_t key = 0;
        std::uint8_t rgb[3] = {};
        bool used = false;
    };
    std::vector<Slot> slots_;
    static std::uint32_t key_of(const std::uint8_t* cmyk) {
        std::uint32_t key = 0;
        std::memcpy(&key, cmyk, 4);
        return key;
    }
    Slot& slot_of(std::uint32_t key) { return slots_[(key * 2654435761u) >> (32 - bits)]; }
};

int components_of(ImageColour::Space space) {
    switch (space) {
        case ImageColour::Space::gray:
            return 1;
        case ImageColour::Space::rgb:
            return 3;
        case ImageColour::Space::cmyk:
            return 4;
    }
    return 3;
}

}  // namespace

// lcms2 objects in their own context (Poppler's error handler on the global one stays put).
struct SplashColours::Transform {
    cmsContext context = nullptr;
    cmsHPROFILE input = nullptr;
    cmsHPROFILE display = nullptr;
    cmsHTRANSFORM transform = nullptr;
    ~Transform() {
        if (transform)
            cmsDeleteTransform(transform);
        if (display)
            cmsCloseProfile(display);
        if (input)
            cmsCloseProfile(input);
        if (context)
            cmsDeleteContext(context);
    }
};

SplashColours::SplashColours(const ImageColour& colour)
    : space_(colour.space),
      components_(components_of(colour.space)),
      icc_(!colour.icc_profile.empty()),
      decode_given_(!colour.decode.empty()) {
    const bool decode_given = decode_given_;
    if (decode_given && colour.decode.size() < 2 * static_cast<std::size_t>(components_))
        throw JpegError("the image's /Decode has fewer entries than its colour space components");
    const auto decoded = [&](int component, int value) {
        const double low =
            decode_given ? colour.decode[2 * static_cast<std::size_t>(component)] : 0;
        const double high =
            decode_given ? colour.decode[2 * static_cast<std::size_t>(component) + 1] : 1;
        return low + (value * (high - low)) / 255;
    };
    // GfxImageColorMap's byte table, used (for 3 and 4 components) only when /Decode is given.
    byte_map_.resize(static_cast<std::size_t>(components_) * 256);
    for (int v = 0; v < 256; ++v) {
        for (int c = 0; c < components_; ++c) {
            const int b = decode_given ? static_cast<int>(decoded(c, v) * 255.0 + 0.5) : v;
            byte_map_[static_cast<std::size_t>(v * components_ + c)] =
                static_cast<std::uint8_t>(std::clamp(b, 0, 255));
        }
    }

    if (icc_) {
        transform_ = std::make_unique<Transform>();
        transform_->context = cmsCreateContext(nullptr, nullptr);
        if (!transform_->context)
            throw JpegError("lcms2 cannot start");
        // lcms2's complaints about a profile end as a JpegError, not on stderr.
        cmsSetLogErrorHandlerTHR(transform_->context,
                                 [](cmsContext, cmsUInt32Number, const char*) {});
        transform_->input =
            cmsOpenProfileFromMemTHR(transform_->context, colour.icc_profile.data(),
                                     static_cast<cmsUInt32Number>(colour.icc_profile.size()));
        if (!transform_->input)
            throw JpegError("the image's ICC profile cannot be read");
        const cmsColorSpaceSignature expected = space_ == ImageColour::Space::gray ? cmsSigGrayData
                                                : space_ == ImageColour::Space::rgb
                                                    ? cmsSigRgbData
                                                    : cmsSigCmykData;
        if (cmsGetColorSpace(transform_->input) != expected)
            throw JpegError("the image's ICC profile is not for its colour space");
        transform_->display = cmsCreate_sRGBProfileTHR(transform_->context);
        // Poppler's transforms (GfxICCBasedColorSpace::buildTransforms): relative colorimetric
        // (the default rendering intent), black point compensation, no optimisation. Gray
        // images go through its single-colour transform (typed input), the others through its
        // line transform (input given by channel count only).
        const cmsUInt32Number input_format =
            space_ == ImageColour::Space::gray
                ? static_cast<cmsUInt32Number>(COLORSPACE_SH(PT_GRAY) | CHANNELS_SH(1) |
                                               BYTES_SH(1))
                : static_cast<cmsUInt32Number>(CHANNELS_SH(components_) | BYTES_SH(1));
        transform_->transform = cmsCreateTransformTHR(
            transform_->context, transform_->input, input_format, transform_->display, TYPE_RGB_8,
            INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE | cmsFLAGS_BLACKPOINTCOMPENSATION);
        if (!transform_->transform)
            throw JpegError("lcms2 cannot convert the image's ICC profile to sRGB");
    }

    if (space_ == ImageColour::Space::gray) {
        // Splash draws 1-component images through a table of each value's RGB, from
        // GfxImageColorMap::getRGB: the value through /Decode (or the default range) as a
        // fixed-point colour, then the colour space's getRGB.
        gray_rgb_.resize(256 * 3);
        for (int v = 0; v < 256; ++v) {
            const int value = to_colour(decoded(0, v));
            std::uint8_t rgb[3];
            if (icc_) {
                const std::uint8_t in = colour_to_byte(value);
                cmsDoTransform(transform_->transform, &in, rgb, 1);
            } else {
                rgb[0] = rgb[1] = rgb[2] = colour_to_byte(clip_colour(value));
            }
            std::memcpy(&gray_rgb_[static_cast<std::size_t>(v) * 3], rgb, 3);
        }
    }
    converts_after_scaling_ = icc_ && space_ == ImageColour::Space::rgb;
}

SplashColours::~SplashColours() = default;

void SplashColours::to_rgb(const std::uint8_t* samples, std::uint8_t* rgb,
                           std::size_t pixels) const {
    if (space_ == ImageColour::Space::gray) {
        for (std::size_t i = 0; i < pixels; ++i)
            std::memcpy(rgb + i * 3, &gray_rgb_[static_cast<std::size_t>(samples[i]) * 3], 3);
        return;
    }
    const std::size_t n = static_cast<std::size_t>(components_);
    // Through /Decode's byte table when there is one, a block at a time.
    constexpr std::size_t block = 4096;
    std::vector<std::uint8_t> mapped(decode_given_ ? block * n : 0);
    std::unique_ptr<CmykCache> cache;
    if (space_ == ImageColour::Space::cmyk && !icc_)
        cache = std::make_unique<CmykCache>();
    for (std::size_t start = 0; start < pixels; start += block) {
        const std::size_t count = std::min(block, pixels - start);
        const std::uint8_t* in = samples + start * n;
        if (decode_given_) {
            for (std::size_t i = 0; i < count; ++i) {
                for (std::size_t c = 0; c < n; ++c)
                    mapped[i * n + c] = byte_map_[static_cast<std::size_t>(in[i * n + c]) * n + c];
            }
            in = mapped.data();
        }
        std::uint8_t* out = rgb + start * 3;
        if (icc_) {
            cmsDoTransform(transform_->transform, in, out, static_cast<cmsUInt32Number>(count));
        } else if (space_ == ImageColour::Space::rgb) {
            std::memcpy(out, in, count * 3);
        } else {
            cache->convert(in, out, count);
        }
    }
}

// ---- decoding ---------------------------------------------------------------------------

std::size_t MemoryBytes::read(std::uint8_t* buffer, std::size_t capacity) {
    const std::size_t count = std::min(capacity, bytes_.size() - position_);
    std::memcpy(buffer, bytes_.data() + position_, count);
    position_ += count;
    return count;
}

int jpeg_scaled_size(int pixels, int scale_eighths) {
    return static_cast<int>((static_cast<std::int64_t>(pixels) * scale_eighths + 7) / 8);
}

JpegHeader read_jpeg_header(ByteSource& source) {
    Decompressor d(source);
    read_header(d, -1);
    const jpeg_decompress_struct& info = d.info();
    return JpegHeader{static_cast<int>(info.image_width), static_cast<int>(info.image_height),
                      info.num_components};
}

JpegSamples decode_jpeg(ByteSource& source, int scale_eighths, std::optional<PixelWindow> window,
                        int color_transform, std::int64_t max_window_pixels) {
    if (scale_eighths < 1 || scale_eighths > 8)
        throw std::invalid_argument("decode_jpeg: the scale is 1/8 to 8/8");
    Decompressor d(source);
    read_header(d, color_transform);
    jpeg_decompress_struct& info = d.info();
    if (static_cast<std::int64_t>(info.image_width) * info.image_height > max_jpeg_image_pixels) {
        throw JpegError("the JPEG is " + std::to_string(info.image_width) + " x " +
                        std::to_string(info.image_height) + " pixels, over the " +
                        std::to_string(max_jpeg_image_pixels / 1'000'000) +
                        " million podcover decodes");
    }
    info.scale_num = static_cast<unsigned>(scale_eighths);
    info.scale_denom = 8;
    guarded(d.errors(), [&info] { jpeg_calc_output_dimensions(&info); });
    const int width = static_cast<int>(info.output_width),
              height = static_cast<int>(info.output_height);
    const PixelWindow wanted = window.value_or(PixelWindow{0, 0, width, height});
    if (wanted.width <= 0 || wanted.height <= 0 || wanted.x < 0 || wanted.y < 0 ||
        wanted.x + wanted.width > width || wanted.y + wanted.height > height) {
        throw JpegError("the window asked for lies outside the " + std::to_string(width) + " x " +
                        std::to_string(height) + " pixel image");
    }
    if (static_cast<std::int64_t>(wanted.width) * wanted.height > max_window_pixels)
        throw JpegError("the pixels asked for exceed the cap");

    guarded(d.errors(), [&info] { jpeg_start_decompress(&info); });
    // libjpeg crops at block columns and skips whole rows, and at the edges of what it decodes
    // it upsamples subsampled colour from the edge samples, not from their neighbours beyond:
    // the window is decoded with two blocks' margin on every side that has neighbours, so that
    // its pixels are those of the whole image.
    const int block_width = info.max_h_samp_factor * info.min_DCT_scaled_size;
    const int block_height = info.max_v_samp_factor * info.min_DCT_scaled_size;
    const int first_x = std::max(0, wanted.x - 2 * block_width);
    const int end_x = std::min(width, wanted.x + wanted.width + 2 * block_width);
    const int first_y = std::max(0, wanted.y - 2 * block_height);
    JDIMENSION x_offset = static_cast<JDIMENSION>(first_x),
               crop_width = static_cast<JDIMENSION>(end_x - first_x);
    if (first_x > 0 || end_x < width) {
        // libjpeg starts the crop at a block column at or left of the one asked for.
        guarded(d.errors(), [&info, &x_offset, &crop_width] {
            jpeg_crop_scanline(&info, &x_offset, &crop_width);
        });
    }
    if (first_y > 0) {
        JDIMENSION skipped = 0;
        guarded(d.errors(), [&info, &skipped, first_y] {
            skipped = jpeg_skip_scanlines(&info, static_cast<JDIMENSION>(first_y));
        });
        if (skipped != static_cast<JDIMENSION>(first_y))
            throw JpegError("the JPEG data ends before the window asked for");
    }

    JpegSamples result;
    result.image_width = static_cast<int>(info.image_width);
    result.image_height = static_cast<int>(info.image_height);
    result.components = info.output_components;
    result.window = wanted;
    const std::size_t n = static_cast<std::size_t>(info.output_components);
    const std::size_t row_bytes = static_cast<std::size_t>(info.output_width) * n;
    const std::size_t skip_bytes = (static_cast<std::size_t>(wanted.x) - x_offset) * n;
    const std::size_t wanted_bytes = static_cast<std::size_t>(wanted.width) * n;
    std::vector<std::uint8_t> row(row_bytes);
    result.samples.resize(wanted_bytes * static_cast<std::size_t>(wanted.height));
    for (int r = first_y; r < wanted.y + wanted.height; ++r) {
        JSAMPROW rows[] = {row.data()};
        JDIMENSION got = 0;
        guarded(d.errors(), [&info, &rows, &got] { got = jpeg_read_scanlines(&info, rows, 1); });
        if (got != 1)
            throw JpegError("the JPEG data ends before the window asked for");
        if (r >= wanted.y) {
            std::memcpy(
                result.samples.data() + static_cast<std::size_t>(r - wanted.y) * wanted_bytes,
                row.data() + skip_bytes, wanted_bytes);
        }
    }
    if (d.damaged())
        throw JpegError("the JPEG data is damaged: " + d.damage());
    return result;
}

Raster decode_jpeg_rgb(ByteSource& source, const SplashColours& colours, int scale_eighths,
                       std::optional<PixelWindow> window, int color_transform,
                       std::int64_t max_window_pixels) {
    const JpegSamples samples =
        decode_jpeg(source, scale_eighths, window, color_transform, max_window_pixels);
    if (samples.components != colours.components()) {
        throw JpegError("the JPEG has " + std::to_string(samples.components) +
                        " components, its colour space " + std::to_string(colours.components()));
    }
    Raster raster;
    raster.width = samples.window.width;
    raster.height = samples.window.height;
    raster.rgb.resize(static_cast<std::size_t>(raster.width) *
                      static_cast<std::size_t>(raster.height) * 3);
    colours.to_rgb(
        samples.samples.data(), raster.rgb.data(),
        static_cast<std::size_t>(raster.width) * static_cast<std::size_t>(raster.height));
    return raster;
}

}  // namespace podcover::check
