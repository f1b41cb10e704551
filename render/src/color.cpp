#include "podcover/render/color.hpp"

#include <lcms2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include <qpdf/QPDFCryptoProvider.hh>
#include <qpdf/QUtil.hh>

#include "podcover/errors.hpp"

namespace podcover::render {

std::string_view color_mode_id(ColorMode mode) {
    return mode == ColorMode::cmyk ? "cmyk" : "rgb";
}

std::optional<ColorMode> parse_color_mode(std::string_view id) {
    if (id == "rgb")
        return ColorMode::rgb;
    if (id == "cmyk")
        return ColorMode::cmyk;
    return std::nullopt;
}

double Lab::chroma() const {
    return std::hypot(a, b);
}

double delta_e76(const Lab& one, const Lab& other) {
    return std::sqrt((one.lightness - other.lightness) * (one.lightness - other.lightness) +
                     (one.a - other.a) * (one.a - other.a) + (one.b - other.b) * (one.b - other.b));
}

namespace {

// A colour counts as neutral up to this chroma (C*ab): podcover's choice, about the least
// difference a reader sees as a tint in a dark colour.
constexpr double neutral_chroma = 5;

// The lookup tables' points per axis: lcms2's own choice for 8-bit RGB input
// (_cmsReasonableGridpointsByColorspace).
constexpr int grid_points = 33;

struct ProfileCloser {
    void operator()(void* profile) const {
        if (profile)
            cmsCloseProfile(profile);
    }
};
using Profile = std::unique_ptr<void, ProfileCloser>;
struct TransformDeleter {
    void operator()(void* transform) const {
        if (transform)
            cmsDeleteTransform(transform);
    }
};
using Transform = std::unique_ptr<void, TransformDeleter>;

// qpdf's SHA-256 (its crypto provider), as the build's CMake file(SHA256) computes it.
std::string sha256_hex(const std::string& bytes) {
    const auto sha = QPDFCryptoProvider::getImpl();
    sha->SHA2_init(256);
    sha->SHA2_update(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    sha->SHA2_finalize();
    return QUtil::hex_encode(sha->SHA2_digest());
}

std::string read_file(const std::filesystem::path& path, const std::string& missing) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path.string() + ": " + missing);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

Profile open_profile(const std::string& bytes) {
    return Profile(cmsOpenProfileFromMem(bytes.data(), static_cast<cmsUInt32Number>(bytes.size())));
}

std::string description_of(void* profile) {
    char text[256] = {};
    cmsGetProfileInfoASCII(profile, cmsInfoDescription, "en", "US", text, sizeof text);
    return text;
}

Transform make_transform(void* from, cmsUInt32Number in, void* to, cmsUInt32Number out,
                         cmsUInt32Number intent, cmsUInt32Number flags) {
    Transform transform(cmsCreateTransform(from, in, to, out, intent, flags));
    if (!transform)
        throw std::runtime_error("lcms2 cannot make a colour transform");
    return transform;
}

// A 3-D lookup table on 8-bit input, interpolated tetrahedrally in 16-bit fixed point as
// lcms2 does (TetrahedralInterp16): a convex combination of four nodes, so that a limit every
// node keeps (the total ink) holds between them too.
template <int outputs>
class Lut3 {
  public:
    // `nodes` holds grid_points^3 entries of `outputs` 16-bit values, red slowest.
    explicit Lut3(std::vector<std::uint16_t> nodes) : nodes_(std::move(nodes)) {
        for (int v = 0; v < 256; ++v) {
            // Node positions are i / (grid_points - 1) of the range, as lcms2 places them.
            const long position = static_cast<long>(v) * (grid_points - 1) * 65536 / 255;
            index_[v] = static_cast<int>(position >> 16);
            fraction_[v] = static_cast<int>(position & 0xFFFF);
            if (index_[v] == grid_points - 1) {
                index_[v] = grid_points - 2;
                fraction_[v] = 0x10000;
            }
        }
    }

    // Outputs 0..65535.
    void eval(unsigned red, unsigned green, unsigned blue, int* out) const {
        constexpr int along_b = outputs, along_g = outputs * grid_points,
                      along_r = outputs * grid_points * grid_points;
        const int rx = fraction_[red], ry = fraction_[green], rz = fraction_[blue];
        const std::uint16_t* base = nodes_.data() + index_[red] * along_r +
                                    index_[green] * along_g + index_[blue] * along_b;
        // Walk from the base corner along the axes in order of their fractions.
        int first, second, third, f1, f2, f3;
        if (rx >= ry) {
            if (ry >= rz) {
                first = along_r, second = along_g, third = along_b, f1 = rx, f2 = ry, f3 = rz;
            } else if (rx >= rz) {
                first = along_r, second = along_b, third = along_g, f1 = rx, f2 = rz, f3 = ry;
            } else {
                first = along_b, second = along_r, third = along_g, f1 = rz, f2 = rx, f3 = ry;
            }
        } else {
            if (rx >= rz) {
                first = along_g, second = along_r, third = along_b, f1 = ry, f2 = rx, f3 = rz;
            } else if (ry >= rz) {
                first = along_g, second = along_b, third = along_r, f1 = ry, f2 = rz, f3 = rx;
            } else {
                first = along_b, second = along_g, third = along_r, f1 = rz, f2 = ry, f3 = rx;
            }
        }
        const std::uint16_t* p1 = base + first;
        const std::uint16_t* p2 = p1 + second;
        const std::uint16_t* p3 = p2 + third;
        for (int c = 0; c < outputs; ++c) {
            const long c0 = base[c];
            const long value = c0 * 65536 + (p1[c] - c0) * f1 +
                               (p2[c] - p1[c]) * static_cast<long>(f2) +
                               (p3[c] - p2[c]) * static_cast<long>(f3);
            out[c] = static_cast<int>(std::clamp((value + 0x8000) >> 16, 0L, 65535L));
        }
    }

  private:
    std::vector<std::uint16_t> nodes_;
    std::array<int, 256> index_{};
    std::array<int, 256> fraction_{};
};

// The grid's nodes as 16-bit RGB, red slowest.
std::vector<std::uint16_t> grid_rgb16() {
    std::vector<std::uint16_t> rgb;
    rgb.reserve(static_cast<std::size_t>(grid_points) * grid_points * grid_points * 3);
    const auto at = [](int i) {
        return static_cast<std::uint16_t>(std::lround(i * 65535.0 / (grid_points - 1)));
    };
    for (int r = 0; r < grid_points; ++r)
        for (int g = 0; g < grid_points; ++g)
            for (int b = 0; b < grid_points; ++b)
                rgb.insert(rgb.end(), {at(r), at(g), at(b)});
    return rgb;
}

// round(value16 * 255 / 65535) without a division.
unsigned char to_8bit(int value16) {
    return static_cast<unsigned char>((value16 * 255 + 32895) >> 16);
}

// The colours a converter has just computed, by 24-bit RGB: art repeats its colours (flat
// areas, gradients, JPEG's 8 x 8 blocks), and a lookup costs a few cycles where the
// interpolation costs tens (its branch on the order of the three fractions is unpredictable).
// Each entry is the colour in the low 24 bits, the result in the high 32, and bit 24 set when
// it holds one; the result is the same function's, so the output bytes cannot change.
class RecentColors {
  public:
    static constexpr std::size_t size = 4096;

    // The entry for `rgb` (0xRRGGBB): holds its result when `found`.
    std::uint64_t& entry(std::uint32_t rgb) {
        return entries_[(rgb * 0x9E3779B1u) >> (32 - 12)];
    }
    static bool found(std::uint64_t entry, std::uint32_t rgb) {
        return (entry & 0x1FFFFFFu) == (rgb | 0x1000000u);
    }
    static std::uint32_t result(std::uint64_t entry) {
        return static_cast<std::uint32_t>(entry >> 32);
    }
    static std::uint64_t make(std::uint32_t rgb, std::uint32_t result) {
        return static_cast<std::uint64_t>(result) << 32 | rgb | 0x1000000u;
    }

  private:
    std::array<std::uint64_t, size> entries_{};
};
static_assert(RecentColors::size == 1u << 12);

}  // namespace

struct CmykConverter::Impl {
    CmykProfile profile;
    InkRules rules;
    Profile srgb{cmsCreate_sRGBProfile()};
    Profile cmyk;
    Profile lab{cmsCreateLab4Profile(nullptr)};
    Profile ink_limit;
    Transform vector;         // sRGB -> CMYK, ink-limited, doubles
    Transform plain;          // sRGB -> CMYK through the profile alone
    Transform cmyk_to_lab;    // doubles
    Transform srgb_to_lab;    // doubles
    Transform cmyk_to_srgb;   // doubles, for proofs
    Transform cmyk8_to_rgb8;  // made when first needed (CMYK art's preview)
    Transform cmyk8_rev_to_rgb8;
    std::once_flag cmyk8_made;
    std::optional<Lut3<4>> pixels;  // sRGB -> limited CMYK
    std::optional<Lut3<3>> proof;   // sRGB -> limited CMYK -> sRGB
    std::map<std::string, std::shared_ptr<const Lut3<4>>> pixels_from;  // by input profile
    std::mutex pixels_from_mutex;
    double rich_black_lightness = -1;
    double black_lightness = 0;  // 100% K alone
    int max_ink_8bit = 4 * 255;

    // The chain sRGB (or `input`) -> CMYK -> ink limit.
    Transform chain(void* input, cmsUInt32Number in, cmsUInt32Number out,
                    cmsUInt32Number flags) const {
        std::vector<cmsHPROFILE> profiles{input, cmyk.get()};
        if (ink_limit)
            profiles.push_back(ink_limit.get());
        Transform t(cmsCreateMultiprofileTransform(
            profiles.data(), static_cast<cmsUInt32Number>(profiles.size()), in, out,
            INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION | flags));
        if (!t)
            throw std::runtime_error("lcms2 cannot make the CMYK transform");
        return t;
    }

    // Node values of the ink-limited CMYK for every grid point, from an optimised 16-bit
    // transform, which lcms2 builds by sampling the same grid: its nodes are exact here.
    std::vector<std::uint16_t> cmyk_nodes(void* input) const {
        const std::vector<std::uint16_t> rgb = grid_rgb16();
        const std::size_t count = rgb.size() / 3;
        std::vector<std::uint16_t> nodes(count * 4);
        const Transform t =
            chain(input, TYPE_RGB_16, TYPE_CMYK_16, cmsFLAGS_NOCACHE | cmsFLAGS_NOOPTIMIZE);
        cmsDoTransform(t.get(), rgb.data(), nodes.data(), static_cast<cmsUInt32Number>(count));
        return nodes;
    }
};

CmykProfile CmykProfile::builtin() {
    const DefaultProfileFile& file = default_cmyk_profile_file();
    CmykProfile profile;
    profile.path = file.path;
    profile.package = file.package;
    profile.bytes = read_file(profile.path, std::string("podcover's default CMYK profile is "
                                                        "missing; reinstall the Debian package ") +
                                                file.package + ", or give icc = \"...\"");
    profile.sha256 = sha256_hex(profile.bytes);
    if (profile.sha256 != file.sha256) {
        throw InputError(
            profile.path.string() + ": not the CMYK profile podcover was built with (SHA-256 " +
            profile.sha256 + "); reinstall " + file.package + " as it was, or rebuild podcover");
    }
    const Profile opened = open_profile(profile.bytes);
    profile.description = opened ? description_of(opened.get()) : "";
    return profile;
}

CmykProfile CmykProfile::read(const std::filesystem::path& path) {
    CmykProfile profile;
    profile.path = path;
    profile.bytes = read_file(path, "cannot read the ICC profile; check the path");
    const Profile opened = open_profile(profile.bytes);
    if (!opened) {
        throw InputError(path.string() +
                         ": not an ICC profile; give the printer's CMYK output profile (.icc)");
    }
    if (cmsGetColorSpace(opened.get()) != cmsSigCmykData ||
        cmsGetDeviceClass(opened.get()) != cmsSigOutputClass) {
        throw InputError(path.string() + ": " + description_of(opened.get()) +
                         " is not a CMYK output profile; give the printer's CMYK profile "
                         "(for example GRACoL 2006 or FOGRA39)");
    }
    if (!cmsIsIntentSupported(opened.get(), INTENT_RELATIVE_COLORIMETRIC, LCMS_USED_AS_OUTPUT) ||
        !cmsIsIntentSupported(opened.get(), INTENT_RELATIVE_COLORIMETRIC, LCMS_USED_AS_INPUT)) {
        throw InputError(path.string() + ": " + description_of(opened.get()) +
                         " cannot convert both ways (to CMYK and back, for the preview); give a "
                         "full output profile");
    }
    profile.description = description_of(opened.get());
    profile.sha256 = sha256_hex(profile.bytes);
    return profile;
}

namespace {
// lcms2 writes its D50 white point into a static whenever it makes a Lab profile (ours, and
// those it makes inside transforms): converters are made one at a time, so that covers made
// in threads (a series' workers) do not race there. Transforms, once made, run in parallel.
std::mutex& converters_made() {
    static std::mutex mutex;
    return mutex;
}
}  // namespace

CmykConverter::CmykConverter(CmykProfile profile, InkRules rules) {
    const std::lock_guard lock(converters_made());
    impl_ = std::make_unique<Impl>();
    Impl& m = *impl_;
    m.profile = std::move(profile);
    m.rules = std::move(rules);
    m.cmyk = open_profile(m.profile.bytes);
    if (!m.cmyk)
        throw InputError(m.profile.path.string() + ": not an ICC profile");
    if (m.rules.max_ink_percent) {
        m.ink_limit.reset(cmsCreateInkLimitingDeviceLink(cmsSigCmykData, *m.rules.max_ink_percent));
        m.max_ink_8bit = static_cast<int>(std::floor(*m.rules.max_ink_percent * 255 / 100));
    }
    // Transforms used on a few colours, or on the grid's nodes once, are not optimised into
    // lookup tables of their own: building those would cost more than it saves.
    constexpr cmsUInt32Number direct = cmsFLAGS_NOCACHE | cmsFLAGS_NOOPTIMIZE;
    m.vector = m.chain(m.srgb.get(), TYPE_RGB_DBL, TYPE_CMYK_DBL, direct);
    m.plain =
        make_transform(m.srgb.get(), TYPE_RGB_DBL, m.cmyk.get(), TYPE_CMYK_DBL,
                       INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION | direct);
    m.cmyk_to_lab = make_transform(m.cmyk.get(), TYPE_CMYK_DBL, m.lab.get(), TYPE_Lab_DBL,
                                   INTENT_RELATIVE_COLORIMETRIC, direct);
    m.srgb_to_lab = make_transform(m.srgb.get(), TYPE_RGB_DBL, m.lab.get(), TYPE_Lab_DBL,
                                   INTENT_RELATIVE_COLORIMETRIC, direct);
    m.cmyk_to_srgb = make_transform(m.cmyk.get(), TYPE_CMYK_DBL, m.srgb.get(), TYPE_RGB_DBL,
                                    INTENT_RELATIVE_COLORIMETRIC, direct);

    m.black_lightness = lab(Cmyk{0, 0, 0, 1}).lightness;
    if (m.rules.rich_black)
        m.rich_black_lightness = lab(*m.rules.rich_black).lightness;

    std::vector<std::uint16_t> nodes = m.cmyk_nodes(m.srgb.get());
    // The proof's nodes: each CMYK node back to sRGB.
    const std::size_t count = nodes.size() / 4;
    std::vector<std::uint16_t> shown(count * 3);
    const Transform back = make_transform(m.cmyk.get(), TYPE_CMYK_16, m.srgb.get(), TYPE_RGB_16,
                                          INTENT_RELATIVE_COLORIMETRIC, direct);
    cmsDoTransform(back.get(), nodes.data(), shown.data(), static_cast<cmsUInt32Number>(count));
    m.pixels.emplace(std::move(nodes));
    m.proof.emplace(std::move(shown));
}

CmykConverter::~CmykConverter() = default;

const CmykProfile& CmykConverter::profile() const {
    return impl_->profile;
}

const InkRules& CmykConverter::rules() const {
    return impl_->rules;
}

Cmyk CmykConverter::profile_only(const Color& color) const {
    const double rgb[3] = {color.red, color.green, color.blue};
    double ink[4] = {};
    cmsDoTransform(impl_->plain.get(), rgb, ink, 1);
    return Cmyk{ink[0] / 100, ink[1] / 100, ink[2] / 100, ink[3] / 100};
}

Cmyk CmykConverter::vector(const Color& color) const {
    if (color == Color::black())
        return Cmyk{0, 0, 0, 1};
    if (color == Color::white())
        return Cmyk{};
    const Impl& m = *impl_;
    if (m.rules.rich_black) {
        const Lab seen = lab(color);
        if (seen.chroma() <= neutral_chroma && seen.lightness <= m.rich_black_lightness)
            return *m.rules.rich_black;
    }
    const double rgb[3] = {color.red, color.green, color.blue};
    double ink[4] = {};
    cmsDoTransform(m.vector.get(), rgb, ink, 1);
    // lcms2 gives per cent; rounded down to 0.01 %, the total stays within the limit.
    const auto down = [](double percent) {
        return std::clamp(std::floor(percent * 100 + 1e-6) / 10000, 0.0, 1.0);
    };
    return Cmyk{down(ink[0]), down(ink[1]), down(ink[2]), down(ink[3])};
}

bool CmykConverter::is_black(const Color& color) const {
    const Lab seen = lab(color);
    return seen.chroma() <= neutral_chroma && seen.lightness <= impl_->black_lightness;
}

void CmykConverter::convert_pixels(const unsigned char* rgb, unsigned char* cmyk, std::size_t count,
                                   bool adobe_inverted, const std::string& input_icc,
                                   double margin_percent) const {
    Impl& m = *impl_;
    const Lut3<4>* lut = &*m.pixels;
    std::shared_ptr<const Lut3<4>> own;
    if (!input_icc.empty()) {
        const std::lock_guard<std::mutex> lock(m.pixels_from_mutex);
        auto& cached = m.pixels_from[input_icc];
        if (!cached) {
            // A profile lcms2 cannot use (damaged, or not RGB) leaves the image taken as sRGB,
            // as every RGB image without one is.
            const Profile input = open_profile(input_icc);
            if (input && cmsGetColorSpace(input.get()) == cmsSigRgbData) {
                try {
                    cached = std::make_shared<const Lut3<4>>(m.cmyk_nodes(input.get()));
                } catch (const std::runtime_error&) {
                    cached.reset();
                }
            }
        }
        own = cached;
        if (own)
            lut = own.get();
    }
    const int limit =
        m.rules.max_ink_percent
            ? static_cast<int>(std::floor((*m.rules.max_ink_percent - margin_percent) * 255 / 100))
            : m.max_ink_8bit;
    // On the heap: 32 KB is too much for the stacks of the threads this runs on.
    const auto recent = std::make_unique<RecentColors>();
    int ink16[4];
    for (std::size_t i = 0; i < count; ++i, rgb += 3, cmyk += 4) {
        const std::uint32_t key = static_cast<std::uint32_t>(rgb[0]) << 16 |
                                  static_cast<std::uint32_t>(rgb[1]) << 8 | rgb[2];
        std::uint64_t& entry = recent->entry(key);
        if (!RecentColors::found(entry, key)) {
            lut->eval(rgb[0], rgb[1], rgb[2], ink16);
            int c = to_8bit(ink16[0]), mg = to_8bit(ink16[1]), y = to_8bit(ink16[2]),
                k = to_8bit(ink16[3]);
            // Rounding to 8 bits may add a few 1/255 over the limit the nodes keep (tetrahedral
            // interpolation between nodes within it stays within it): taken from the largest
            // colour ink, one step at a time, never from black.
            for (int excess = c + mg + y + k - limit; excess > 0; --excess) {
                int& largest = c >= mg ? (c >= y ? c : y) : (mg >= y ? mg : y);
                if (largest == 0)
                    break;
                --largest;
            }
            const auto put = [&](int value) {
                return static_cast<std::uint32_t>(adobe_inverted ? 255 - value : value);
            };
            entry = RecentColors::make(key, put(c) | put(mg) << 8 | put(y) << 16 | put(k) << 24);
        }
        const std::uint32_t ink = RecentColors::result(entry);
        cmyk[0] = static_cast<unsigned char>(ink);
        cmyk[1] = static_cast<unsigned char>(ink >> 8);
        cmyk[2] = static_cast<unsigned char>(ink >> 16);
        cmyk[3] = static_cast<unsigned char>(ink >> 24);
    }
}

Color CmykConverter::proof(const Cmyk& ink) const {
    const double values[4] = {ink.cyan * 100, ink.magenta * 100, ink.yellow * 100, ink.black * 100};
    double rgb[3] = {};
    cmsDoTransform(impl_->cmyk_to_srgb.get(), values, rgb, 1);
    return Color{std::clamp(rgb[0], 0.0, 1.0), std::clamp(rgb[1], 0.0, 1.0),
                 std::clamp(rgb[2], 0.0, 1.0)};
}

void CmykConverter::proof_pixels(std::uint32_t* xrgb, std::size_t count) const {
    const Lut3<3>& lut = *impl_->proof;
    const auto recent = std::make_unique<RecentColors>();
    int rgb16[3];
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t key = xrgb[i] & 0xFFFFFFu;
        std::uint64_t& entry = recent->entry(key);
        if (!RecentColors::found(entry, key)) {
            lut.eval(key >> 16, (key >> 8) & 0xFF, key & 0xFF, rgb16);
            entry = RecentColors::make(
                key, 0xFF000000u | static_cast<std::uint32_t>(to_8bit(rgb16[0])) << 16 |
                         static_cast<std::uint32_t>(to_8bit(rgb16[1])) << 8 | to_8bit(rgb16[2]));
        }
        xrgb[i] = RecentColors::result(entry);
    }
}

void CmykConverter::proof_cmyk_pixels(const unsigned char* cmyk, bool adobe_inverted,
                                      std::uint32_t* xrgb, std::size_t count) const {
    Impl& m = *impl_;
    std::call_once(m.cmyk8_made, [&] {
        const std::lock_guard lock(converters_made());
        m.cmyk8_to_rgb8 = make_transform(m.cmyk.get(), TYPE_CMYK_8, m.srgb.get(), TYPE_RGB_8,
                                         INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOCACHE);
        m.cmyk8_rev_to_rgb8 =
            make_transform(m.cmyk.get(), TYPE_CMYK_8_REV, m.srgb.get(), TYPE_RGB_8,
                           INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOCACHE);
    });
    std::vector<unsigned char> rgb(count * 3);
    cmsDoTransform(adobe_inverted ? m.cmyk8_rev_to_rgb8.get() : m.cmyk8_to_rgb8.get(), cmyk,
                   rgb.data(), static_cast<cmsUInt32Number>(count));
    for (std::size_t i = 0; i < count; ++i) {
        xrgb[i] = 0xFF000000u | static_cast<std::uint32_t>(rgb[3 * i]) << 16 |
                  static_cast<std::uint32_t>(rgb[3 * i + 1]) << 8 | rgb[3 * i + 2];
    }
}

Lab CmykConverter::lab(const Cmyk& ink) const {
    const double values[4] = {ink.cyan * 100, ink.magenta * 100, ink.yellow * 100, ink.black * 100};
    cmsCIELab out{};
    cmsDoTransform(impl_->cmyk_to_lab.get(), values, &out, 1);
    return Lab{out.L, out.a, out.b};
}

Lab CmykConverter::lab(const Color& color) const {
    const double rgb[3] = {color.red, color.green, color.blue};
    cmsCIELab out{};
    cmsDoTransform(impl_->srgb_to_lab.get(), rgb, &out, 1);
    return Lab{out.L, out.a, out.b};
}

}  // namespace podcover::render
