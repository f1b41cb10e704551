#include "podcover/render/fonts.hpp"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::render {
namespace {

// FreeType's library, shared by every face opened from it: a face must be closed before its
// library, and Cairo closes its faces whenever it drops them (possibly after the Font that
// opened them, from its caches, or at exit after other statics), so each face holds a
// reference to the library.
std::shared_ptr<FT_LibraryRec_> ft_library() {
    static const std::shared_ptr<FT_LibraryRec_> library = [] {
        FT_Library raw = nullptr;
        if (FT_Init_FreeType(&raw) != 0)
            throw std::runtime_error("cannot start FreeType");
        return std::shared_ptr<FT_LibraryRec_>(raw, FT_Done_FreeType);
    }();
    return library;
}

// Faces are opened and closed one at a time: threads share the library (a series renders its
// volumes in parallel), and FreeType asks that FT_New_Face and FT_Done_Face on one library be
// serialised (its documentation of FT_Library). Held around those two calls only, never while
// calling Cairo: Cairo closes a face (CairoFtFace below) holding its own font-face lock, so a
// thread holding this one and waiting for Cairo's deadlocked a series' workers.
std::mutex& ft_faces_mutex() {
    static std::mutex mutex;
    return mutex;
}

FT_Face open_face(FT_Library library, const std::string& path, unsigned face_index) {
    const std::lock_guard lock(ft_faces_mutex());
    FT_Face face = nullptr;
    if (FT_New_Face(library, path.c_str(), static_cast<FT_Long>(face_index), &face) != 0)
        return nullptr;
    return face;
}

void close_face(FT_Face face) {
    const std::lock_guard lock(ft_faces_mutex());
    FT_Done_Face(face);
}

using OwnFtFace = std::unique_ptr<FT_FaceRec_, detail::Deleter<FT_FaceRec_, close_face>>;

// A face handed to Cairo, with the library it needs; Cairo deletes it with the font face.
struct CairoFtFace {
    std::shared_ptr<FT_LibraryRec_> library;
    FT_Face face = nullptr;
    ~CairoFtFace() {
        if (face)
            close_face(face);
    }
};

void release_cairo_face(void* data) {
    delete static_cast<CairoFtFace*>(data);
}

using FcPatternHandle = std::unique_ptr<FcPattern, detail::Deleter<FcPattern, FcPatternDestroy>>;
using FcFontSetHandle = std::unique_ptr<FcFontSet, detail::Deleter<FcFontSet, FcFontSetDestroy>>;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool looks_like_file(const std::string& request) {
    const std::string name = lower(request);
    for (const char* suffix : {".otf", ".ttf", ".ttc", ".otc"}) {
        const std::string s(suffix);
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
            return true;
        }
    }
    return request.find('/') != std::string::npos;
}

std::vector<std::string> default_names() {
    std::vector<std::string> names;
    for (const auto& font : default_fonts())
        names.emplace_back(font.name);
    return names;
}

}  // namespace

Font::Font(const std::string& path, unsigned face_index) : path_(path), face_index_(face_index) {
    const auto library = ft_library();
    const OwnFtFace face(open_face(library.get(), path, face_index));
    if (!face)
        throw InputError(path + ": not a font file podcover can read (OpenType or TrueType)");
    if (!FT_IS_SCALABLE(face.get()) || face->units_per_EM == 0) {
        throw InputError(path + ": not a scalable font; use an OpenType or TrueType font");
    }
    units_per_em_ = face->units_per_EM;
    family_ = face->family_name ? face->family_name : "";
    style_ = face->style_name ? face->style_name : "";
    const double em = units_per_em_;
    bbox_top_em_ = static_cast<double>(face->bbox.yMax) / em;
    bbox_bottom_em_ = static_cast<double>(face->bbox.yMin) / em;

    const HbBlob blob(hb_blob_create_from_file_or_fail(path.c_str()));
    if (!blob)
        throw InputError(path + ": cannot read the font file");
    const HbFace hb_face(hb_face_create(blob.get(), face_index));
    hb_font_.reset(hb_font_create(hb_face.get()));
    const int scale = static_cast<int>(units_per_em_);
    hb_font_set_scale(hb_font_.get(), scale, scale);
    hb_font_extents_t extents{};
    hb_font_get_h_extents(hb_font_.get(), &extents);
    ascender_em_ = extents.ascender / em;
    descender_em_ = extents.descender / em;

    // Cairo's own FreeType face; Cairo releases it with the font face (user data).
    auto owned = std::make_unique<CairoFtFace>();
    owned->library = library;
    owned->face = open_face(library.get(), path, face_index);
    if (!owned->face)
        throw InputError(path + ": cannot open the font file twice");
    // No hinting: glyphs are placed where HarfBuzz put them, the same at every size.
    cairo_face_.reset(cairo_ft_font_face_create_for_ft_face(owned->face, FT_LOAD_NO_HINTING));
    static cairo_user_data_key_t key;
    if (cairo_font_face_set_user_data(cairo_face_.get(), &key, owned.get(), release_cairo_face) !=
        CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error("cannot hand a font to Cairo");
    }
    owned.release();  // Cairo owns it now
    check_cairo(cairo_font_face_status(cairo_face_.get()), "font face");
}

std::string Font::name() const {
    return style_.empty() ? family_ : family_ + " " + style_;
}

bool Font::has_glyph(char32_t codepoint) const {
    hb_codepoint_t glyph = 0;
    return hb_font_get_nominal_glyph(hb_font_.get(), codepoint, &glyph) != 0;
}

namespace {

// Fallback fonts for the whole process: every installed font ranked for each font that
// needed one, each fallback found once per font and character, and each file opened once.
struct Fallbacks {
    std::mutex mutex;
    std::map<std::string, FcFontSetHandle> ranked;  // by the font's file#index
    std::map<std::pair<std::string, char32_t>, std::shared_ptr<const Font>> found;
    std::map<std::string, std::shared_ptr<const Font>> opened;  // by file#index
};

Fallbacks& fallbacks() {
    static Fallbacks all;
    return all;
}

// Every installed font, nearest to the font first: fontconfig's own order for a pattern of
// the font's families, weight, slant and width (its config may add aliases). The language
// is set to none in particular, so that the order does not follow the user's locale.
FcFontSetHandle rank_installed_fonts(const Font& font) {
    int count = 0;
    const FcPatternHandle query(FcFreeTypeQuery(
        reinterpret_cast<const FcChar8*>(font.path().c_str()), font.face_index(), nullptr, &count));
    const FcPatternHandle pattern(FcPatternCreate());
    if (!pattern)
        throw std::bad_alloc();
    FcChar8* family = nullptr;
    for (int i = 0;
         query && FcPatternGetString(query.get(), FC_FAMILY, i, &family) == FcResultMatch; ++i) {
        FcPatternAddString(pattern.get(), FC_FAMILY, family);
    }
    if (!query)
        FcPatternAddString(pattern.get(), FC_FAMILY,
                           reinterpret_cast<const FcChar8*>(font.family().c_str()));
    for (const char* property : {FC_WEIGHT, FC_SLANT, FC_WIDTH}) {
        FcValue value;
        if (query && FcPatternGet(query.get(), property, 0, &value) == FcResultMatch)
            FcPatternAdd(pattern.get(), property, value, FcTrue);
    }
    FcPatternAddString(pattern.get(), FC_LANG, reinterpret_cast<const FcChar8*>("und"));
    FcConfigSubstitute(nullptr, pattern.get(), FcMatchPattern);
    FcDefaultSubstitute(pattern.get());
    FcResult result = FcResultNoMatch;
    return FcFontSetHandle(FcFontSort(nullptr, pattern.get(), FcFalse, nullptr, &result));
}

// A ranked font that can stand in for `codepoint`: it has the character, and it is an
// OpenType outline font (TrueType or CFF outlines, not a colour font or a variable font's
// named instance, which HarfBuzz would shape as the default instance) that HarfBuzz and
// Cairo both open.
std::shared_ptr<const Font> usable(Fallbacks& all, FcPattern* candidate, char32_t codepoint,
                                   const Font& font) {
    FcCharSet* charset = nullptr;
    if (FcPatternGetCharSet(candidate, FC_CHARSET, 0, &charset) != FcResultMatch ||
        !FcCharSetHasChar(charset, codepoint)) {
        return nullptr;
    }
    FcBool outline = FcFalse, color = FcFalse;
    FcPatternGetBool(candidate, FC_OUTLINE, 0, &outline);
    FcPatternGetBool(candidate, FC_COLOR, 0, &color);
    FcChar8* format = nullptr;
    FcChar8* file = nullptr;
    int index = 0;
    if (!outline || color ||
        FcPatternGetString(candidate, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
        FcPatternGetString(candidate, FC_FILE, 0, &file) != FcResultMatch) {
        return nullptr;
    }
    const std::string kind = reinterpret_cast<const char*>(format);
    FcPatternGetInteger(candidate, FC_INDEX, 0, &index);
    if ((kind != "TrueType" && kind != "CFF") || index < 0 || (index >> 16) != 0)
        return nullptr;
    const std::string path = reinterpret_cast<const char*>(file);
    if (path == font.path() && static_cast<unsigned>(index) == font.face_index())
        return nullptr;
    const std::string key = path + "#" + std::to_string(index);
    auto& opened = all.opened[key];
    if (!opened) {
        try {
            opened = std::make_shared<const Font>(path, static_cast<unsigned>(index));
        } catch (const InputError&) {
            all.opened.erase(key);
            return nullptr;
        }
    }
    return opened->has_glyph(codepoint) ? opened : nullptr;
}

}  // namespace

std::shared_ptr<const Font> fallback_font(const Font& font, char32_t codepoint) {
    Fallbacks& all = fallbacks();
    const std::lock_guard<std::mutex> lock(all.mutex);
    const std::string font_key = font.path() + "#" + std::to_string(font.face_index());
    const auto key = std::make_pair(font_key, codepoint);
    if (const auto known = all.found.find(key); known != all.found.end())
        return known->second;
    auto& ranked = all.ranked[font_key];
    if (!ranked)
        ranked = rank_installed_fonts(font);
    std::shared_ptr<const Font> chosen;
    for (int i = 0; ranked && i < ranked->nfont && !chosen; ++i)
        chosen = usable(all, ranked->fonts[i], codepoint, font);
    all.found.emplace(key, chosen);
    return chosen;
}

std::shared_ptr<const Font> FontLibrary::open(const std::string& path, unsigned index) {
    const std::string key = path + "#" + std::to_string(index);
    auto found = open_fonts_.find(key);
    if (found != open_fonts_.end())
        return found->second;
    auto font = std::make_shared<const Font>(path, index);
    open_fonts_.emplace(key, font);
    return font;
}

std::shared_ptr<const Font> FontLibrary::default_font(std::string_view name) {
    for (const auto& font : default_fonts()) {
        if (font.name != name)
            continue;
        std::error_code error;
        const auto size = std::filesystem::file_size(std::string(font.path), error);
        if (error || size != font.size_bytes) {
            throw InputError(std::string(font.path) + ": the default font '" + std::string(name) +
                             "' is missing or changed since podcover was built; reinstall " +
                             std::string(font.package) + " or rebuild podcover");
        }
        return open(std::string(font.path), 0);
    }
    throw std::out_of_range("no default font '" + std::string(name) + "'");
}

std::shared_ptr<const Font> FontLibrary::resolve(const std::string& request,
                                                 const std::filesystem::path& base_dir) {
    for (const auto& font : default_fonts()) {
        if (font.name == request)
            return default_font(request);
    }
    if (looks_like_file(request)) {
        const std::filesystem::path path = std::filesystem::path(request).is_absolute()
                                               ? std::filesystem::path(request)
                                               : base_dir / request;
        if (!std::filesystem::is_regular_file(path)) {
            throw InputError("font file " + path.string() +
                             " not found (a relative path is read from the job file's folder)");
        }
        return open(path.string(), 0);
    }

    // An installed family, through fontconfig. Fontconfig always answers with some font;
    // podcover takes it only if its family is the one asked for.
    const FcPatternHandle pattern(FcNameParse(reinterpret_cast<const FcChar8*>(request.c_str())));
    FcChar8* wanted = nullptr;
    if (!pattern || FcPatternGetString(pattern.get(), FC_FAMILY, 0, &wanted) != FcResultMatch) {
        throw InputError("font '" + request + "' is not a default font (" +
                         join_names(default_names(), "or") + "), a font file, or a family name");
    }
    const std::string wanted_family = lower(reinterpret_cast<const char*>(wanted));
    FcConfigSubstitute(nullptr, pattern.get(), FcMatchPattern);
    FcDefaultSubstitute(pattern.get());
    FcResult result = FcResultNoMatch;
    const FcPatternHandle match(FcFontMatch(nullptr, pattern.get(), &result));
    std::string matched_family;
    bool same_family = false;
    FcChar8* family = nullptr;
    for (int i = 0;
         match && FcPatternGetString(match.get(), FC_FAMILY, i, &family) == FcResultMatch; ++i) {
        const std::string name = reinterpret_cast<const char*>(family);
        if (i == 0)
            matched_family = name;
        same_family = same_family || lower(name) == wanted_family;
    }
    FcChar8* file = nullptr;
    int index = 0;
    if (!same_family || FcPatternGetString(match.get(), FC_FILE, 0, &file) != FcResultMatch) {
        std::string message = "font '" + request + "' is not installed";
        if (!matched_family.empty())
            message += " (fontconfig would substitute " + matched_family + ")";
        message += ": install it, name a font file, or use a default font: " +
                   join_names(default_names(), "or");
        if (auto nearest = nearest_name(request, default_names()))
            message += " (did you mean " + *nearest + "?)";
        throw InputError(message);
    }
    FcPatternGetInteger(match.get(), FC_INDEX, 0, &index);
    return open(reinterpret_cast<const char*>(file), static_cast<unsigned>(index));
}

}  // namespace podcover::render
