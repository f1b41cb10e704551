#include "podcover/render/text.hpp"

#include <fribidi.h>
#include <linebreak.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <optional>

#include "podcover/errors.hpp"

namespace podcover::render {
namespace {

struct Codepoint {
    char32_t value;
    std::size_t byte;  // offset of its first byte in the text
};

// UTF-8 to code points with their byte offsets; malformed bytes become U+FFFD.
std::vector<Codepoint> decode_utf8(std::string_view text) {
    std::vector<Codepoint> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        int length = lead < 0x80           ? 1
                     : (lead >> 5) == 0x6  ? 2
                     : (lead >> 4) == 0xE  ? 3
                     : (lead >> 3) == 0x1E ? 4
                                           : 0;
        char32_t value = length == 1   ? lead
                         : length == 2 ? (lead & 0x1F)
                         : length == 3 ? (lead & 0x0F)
                                       : (lead & 0x07);
        bool valid = length > 0 && i + static_cast<std::size_t>(length) <= text.size();
        for (int k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            valid = (next & 0xC0) == 0x80;
            value = (value << 6) | (next & 0x3F);
        }
        if (!valid) {
            out.push_back({0xFFFD, i});
            ++i;
            continue;
        }
        out.push_back({value, i});
        i += static_cast<std::size_t>(length);
    }
    return out;
}

// A stretch of text with one bidi level, one script and one font.
struct Run {
    std::size_t begin = 0;  // code point indexes
    std::size_t end = 0;
    int level = 0;
    hb_script_t script = HB_SCRIPT_COMMON;
    std::size_t font = 0;  // index into the line's fonts
};

// Embedding levels (Unicode's bidi algorithm) in a paragraph of the direction given; `rtl`
// says which direction it resolved to.
std::vector<FriBidiLevel> bidi_levels(const std::vector<Codepoint>& cps, Direction direction,
                                      bool& rtl) {
    const auto n = static_cast<FriBidiStrIndex>(cps.size());
    std::vector<FriBidiChar> chars(cps.size());
    for (std::size_t i = 0; i < cps.size(); ++i)
        chars[i] = cps[i].value;
    std::vector<FriBidiCharType> types(cps.size());
    std::vector<FriBidiBracketType> brackets(cps.size());
    std::vector<FriBidiLevel> levels(cps.size());
    fribidi_get_bidi_types(chars.data(), n, types.data());
    fribidi_get_bracket_types(chars.data(), n, types.data(), brackets.data());
    FriBidiParType base = direction == Direction::right_to_left   ? FRIBIDI_PAR_RTL
                          : direction == Direction::left_to_right ? FRIBIDI_PAR_LTR
                                                                  : FRIBIDI_PAR_ON;
    if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &base,
                                            levels.data()) == 0) {
        std::fill(levels.begin(), levels.end(), FriBidiLevel{0});
        base = FRIBIDI_PAR_LTR;
    }
    rtl = base == FRIBIDI_PAR_RTL;
    return levels;
}

// Runs of one level, one script and one font; common and inherited characters join their
// neighbours. In visual order: Unicode's rule L2 applied to the runs of the line.
std::vector<Run> split_runs(const std::vector<Codepoint>& cps,
                            const std::vector<FriBidiLevel>& levels,
                            const std::vector<std::size_t>& fonts) {
    std::vector<Run> runs;
    hb_unicode_funcs_t* unicode = hb_unicode_funcs_get_default();
    for (std::size_t i = 0; i < cps.size(); ++i) {
        hb_script_t script = hb_unicode_script(unicode, cps[i].value);
        const bool neutral = script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED ||
                             script == HB_SCRIPT_UNKNOWN;
        const int level = levels[i];
        if (!runs.empty() && runs.back().level == level && runs.back().font == fonts[i] &&
            (neutral || runs.back().script == script || runs.back().script == HB_SCRIPT_COMMON)) {
            if (!neutral)
                runs.back().script = script;
            runs.back().end = i + 1;
            continue;
        }
        runs.push_back(Run{i, i + 1, level, neutral ? HB_SCRIPT_COMMON : script, fonts[i]});
    }
    // Unicode's rule L2: from the highest level down to the lowest odd one, reverse every
    // sequence of runs at that level or above.
    int highest = 0, lowest_odd = 1000;
    for (const auto& run : runs) {
        highest = std::max(highest, run.level);
        if (run.level % 2 == 1)
            lowest_odd = std::min(lowest_odd, run.level);
    }
    for (int level = highest; level >= lowest_odd && level > 0; --level) {
        for (std::size_t i = 0; i < runs.size();) {
            if (runs[i].level < level) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < runs.size() && runs[j].level >= level)
                ++j;
            std::reverse(runs.begin() + static_cast<long>(i), runs.begin() + static_cast<long>(j));
            i = j;
        }
    }
    return runs;
}

hb_unicode_general_category_t category(char32_t c) {
    return hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
}

bool is_mark(char32_t c) {
    const auto kind = category(c);
    return kind == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           kind == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           kind == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

// Characters that print nothing of their own: spaces (HarfBuzz shows a space a font lacks as
// one it has, sized), format characters (joiners, direction marks), controls and variation
// selectors (HarfBuzz hides those a font lacks).
bool invisible(char32_t c) {
    switch (category(c)) {
        case HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR:
        case HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR:
        case HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR:
        case HB_UNICODE_GENERAL_CATEGORY_FORMAT:
        case HB_UNICODE_GENERAL_CATEGORY_CONTROL:
            return true;
        default:
            return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || c == 0x034F;
    }
}

// Whether the font shows the character: it has a glyph for it, or for each part of its
// canonical decomposition (HarfBuzz decomposes what a font has no precomposed glyph for).
bool covers(const Font& font, char32_t c, int depth = 0) {
    if (font.has_glyph(c))
        return true;
    hb_codepoint_t first = 0, second = 0;
    if (depth > 4 || !hb_unicode_decompose(hb_unicode_funcs_get_default(), c, &first, &second))
        return false;
    return covers(font, first, depth + 1) && (second == 0 || covers(font, second, depth + 1));
}

// The font of each character: the style's where it has the character; a combining mark its
// base's where that has it; an invisible character its neighbour's; any other the fallback
// for it. Characters no font has stay with the style's font (its .notdef) and are recorded.
std::vector<std::size_t> choose_fonts(const std::vector<Codepoint>& cps,
                                      std::vector<std::shared_ptr<const Font>>& fonts,
                                      FontCoverage& coverage) {
    std::vector<std::size_t> chosen(cps.size(), 0);
    const Font& primary = *fonts.front();
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i].value;
        const std::size_t previous = i > 0 ? chosen[i - 1] : 0;
        if (is_mark(c) && previous != 0 && covers(*fonts[previous], c)) {
            chosen[i] = previous;
        } else if (covers(primary, c)) {
            chosen[i] = 0;
        } else if (invisible(c)) {
            chosen[i] = previous;
        } else if (auto fallback = fallback_font(primary, c)) {
            auto known = std::find(fonts.begin(), fonts.end(), fallback);
            if (known == fonts.end())
                known = fonts.insert(fonts.end(), fallback);
            chosen[i] = static_cast<std::size_t>(known - fonts.begin());
            coverage.add_fallback(fallback, c);
        } else {
            coverage.add_missing(c);
        }
    }
    return chosen;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// A glyph's outline box from its origin, in points: HarfBuzz's extents in font units (the
// font is scaled to units per em) times `scale`. Empty for a glyph that draws nothing.
InkBox glyph_ink(hb_font_t* font, hb_codepoint_t glyph, double scale) {
    hb_glyph_extents_t extents{};
    InkBox box;
    if (!hb_font_get_glyph_extents(font, glyph, &extents) ||
        (extents.width == 0 && extents.height == 0)) {
        return box;
    }
    // HarfBuzz: y up, height negative from the top (y_bearing) down.
    box.left_pt = std::min(extents.x_bearing, extents.x_bearing + extents.width) * scale;
    box.right_pt = std::max(extents.x_bearing, extents.x_bearing + extents.width) * scale;
    box.top_pt = std::max(extents.y_bearing, extents.y_bearing + extents.height) * scale;
    box.bottom_pt = -std::min(extents.y_bearing, extents.y_bearing + extents.height) * scale;
    box.empty = false;
    return box;
}

// The union of a line's glyphs' ink, each at its glyph's position.
InkBox line_ink(const TextLine& line) {
    InkBox ink;
    for (const auto& run : line.runs) {
        for (std::size_t i = 0; i < run.glyphs.size(); ++i)
            ink.add(run.ink[i], run.glyphs[i].x, run.glyphs[i].y);
    }
    return ink;
}

void set_font(cairo_t* cr, const Font& font, double size_pt) {
    cairo_set_font_face(cr, font.cairo_face());
    cairo_set_font_size(cr, size_pt);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
}

}  // namespace

Color Color::parse(std::string_view text) {
    auto hex = [&](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    const bool long_form = text.size() == 7, short_form = text.size() == 4;
    if ((!long_form && !short_form) || text[0] != '#' ||
        std::any_of(text.begin() + 1, text.end(), [&](char c) { return hex(c) < 0; })) {
        throw ValueError("'" + std::string(text) +
                         "' is not a colour: write #rrggbb, for example #1d3557");
    }
    auto channel = [&](std::size_t i) {
        const int value =
            long_form ? hex(text[1 + 2 * i]) * 16 + hex(text[2 + 2 * i]) : hex(text[1 + i]) * 17;
        return value / 255.0;
    };
    return Color{channel(0), channel(1), channel(2)};
}

void set_color(cairo_t* cr, const Color& color) {
    cairo_set_source_rgb(cr, color.red, color.green, color.blue);
}

void InkBox::add(const InkBox& other, double dx, double dy) {
    if (other.empty)
        return;
    // y down: a glyph moved down by dy reaches dy less above the baseline and dy more below.
    const double left = other.left_pt + dx, right = other.right_pt + dx;
    const double top = other.top_pt - dy, bottom = other.bottom_pt + dy;
    if (empty) {
        *this = InkBox{left, right, top, bottom, false};
        return;
    }
    left_pt = std::min(left_pt, left);
    right_pt = std::max(right_pt, right);
    top_pt = std::max(top_pt, top);
    bottom_pt = std::max(bottom_pt, bottom);
}

void FontCoverage::add_fallback(const std::shared_ptr<const Font>& font, char32_t character) {
    auto found = std::find_if(fallbacks.begin(), fallbacks.end(),
                              [&](const Fallback& f) { return f.font == font; });
    if (found == fallbacks.end())
        found = fallbacks.insert(fallbacks.end(), Fallback{font, {}});
    if (found->characters.find(character) == std::u32string::npos)
        found->characters += character;
}

void FontCoverage::add_missing(char32_t character) {
    if (missing.find(character) == std::u32string::npos)
        missing += character;
}

void FontCoverage::add(const FontCoverage& other) {
    for (const auto& fallback : other.fallbacks) {
        for (const char32_t c : fallback.characters)
            add_fallback(fallback.font, c);
    }
    for (const char32_t c : other.missing)
        add_missing(c);
}

std::string to_utf8(std::u32string_view characters) {
    std::string out;
    for (const char32_t c : characters)
        append_utf8(out, c);
    return out;
}

std::string code_points(std::u32string_view characters) {
    std::string out;
    for (const char32_t c : characters) {
        char code[16];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
        out += (out.empty() ? "" : ", ") + std::string(code);
        switch (category(c)) {
            case HB_UNICODE_GENERAL_CATEGORY_PRIVATE_USE:
            case HB_UNICODE_GENERAL_CATEGORY_UNASSIGNED:
            case HB_UNICODE_GENERAL_CATEGORY_SURROGATE:
                break;
            default:
                if (!invisible(c)) {
                    out += " (";
                    append_utf8(out, c);
                    out += ")";
                }
        }
    }
    return out;
}

TextLine shape_line(std::string_view utf8, const TextStyle& style, Direction direction) {
    TextLine line;
    line.text = std::string(utf8);
    line.ascent_pt = style.font->ascender_em() * style.size_pt;
    line.descent_pt = -style.font->descender_em() * style.size_pt;
    line.top_pt = std::max(line.ascent_pt, style.font->bbox_top_em() * style.size_pt);
    line.bottom_pt = std::max(line.descent_pt, -style.font->bbox_bottom_em() * style.size_pt);

    const auto cps = decode_utf8(utf8);
    if (cps.empty())
        return line;
    const auto levels = bidi_levels(cps, direction, line.right_to_left);
    std::vector<std::shared_ptr<const Font>> fonts{style.font};
    const auto font_of = choose_fonts(cps, fonts, line.coverage);
    for (std::size_t i = 1; i < fonts.size(); ++i) {
        line.top_pt = std::max(line.top_pt, fonts[i]->bbox_top_em() * style.size_pt);
        line.bottom_pt = std::max(line.bottom_pt, -fonts[i]->bbox_bottom_em() * style.size_pt);
    }
    const auto runs = split_runs(cps, levels, font_of);
    const double tracking = style.tracking_em * style.size_pt;

    double pen_x = 0;
    for (const Run& run : runs) {
        const Font& font = *fonts[run.font];
        const double scale = style.size_pt / font.units_per_em();
        const std::size_t byte_begin = cps[run.begin].byte;
        const std::size_t byte_end = run.end < cps.size() ? cps[run.end].byte : utf8.size();
        const HbBuffer buffer(hb_buffer_create());
        // The whole line as context, so that shaping at run edges sees its neighbours.
        hb_buffer_add_utf8(buffer.get(), utf8.data(), static_cast<int>(utf8.size()),
                           static_cast<unsigned>(byte_begin),
                           static_cast<int>(byte_end - byte_begin));
        hb_buffer_set_direction(buffer.get(), run.level % 2 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        if (run.script != HB_SCRIPT_COMMON)
            hb_buffer_set_script(buffer.get(), run.script);
        hb_buffer_guess_segment_properties(buffer.get());
        hb_shape(font.hb_font(), buffer.get(), nullptr, 0);

        unsigned count = 0;
        const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer.get(), &count);
        const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer.get(), &count);
        GlyphRun glyphs;
        glyphs.font = fonts[run.font];
        glyphs.utf8 = std::string(utf8.substr(byte_begin, byte_end - byte_begin));
        glyphs.backward = run.level % 2 == 1;
        for (unsigned i = 0; i < count; ++i) {
            cairo_glyph_t glyph;
            glyph.index = info[i].codepoint;
            glyph.x = pen_x + pos[i].x_offset * scale;
            glyph.y = -pos[i].y_offset * scale;
            glyphs.glyphs.push_back(glyph);
            glyphs.ink.push_back(glyph_ink(font.hb_font(), info[i].codepoint, scale));
            const char shown = utf8[info[i].cluster];
            glyphs.is_space.push_back(shown == ' ');
            pen_x += pos[i].x_advance * scale + tracking;
            // A .notdef the font choice did not foresee (a sequence the font cannot shape):
            // its characters are missing too, so that it is refused rather than printed.
            if (info[i].codepoint == 0) {
                for (const auto& cp : cps) {
                    if (cp.byte == info[i].cluster)
                        line.coverage.add_missing(cp.value);
                }
            }
        }
        // Cairo's clusters, in text order: consecutive glyphs of one HarfBuzz cluster, each
        // with the bytes from its start to the next cluster's start. HarfBuzz's glyphs are in
        // visual order, so a right-to-left run's clusters descend through the text: they are
        // collected in glyph order and reversed, and Cairo's backward flag takes each one's
        // glyphs from the end of the array.
        std::vector<unsigned> sorted;
        for (unsigned i = 0; i < count; ++i)
            sorted.push_back(info[i].cluster);
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        auto bytes_of = [&](unsigned start) {
            const auto next = std::upper_bound(sorted.begin(), sorted.end(), start);
            const std::size_t end = next == sorted.end() ? byte_end : *next;
            return static_cast<int>(end - start);
        };
        for (unsigned i = 0; i < count;) {
            unsigned j = i;
            while (j < count && info[j].cluster == info[i].cluster)
                ++j;
            int bytes = bytes_of(info[i].cluster);
            // Bytes before the first cluster (none in practice) belong to it.
            if (info[i].cluster == sorted.front())
                bytes += static_cast<int>(sorted.front() - byte_begin);
            glyphs.clusters.push_back(cairo_text_cluster_t{bytes, static_cast<int>(j - i)});
            i = j;
        }
        if (glyphs.backward)
            std::reverse(glyphs.clusters.begin(), glyphs.clusters.end());
        line.runs.push_back(std::move(glyphs));
    }
    line.width_pt = std::max(0.0, pen_x - tracking);
    line.ink = line_ink(line);
    return line;
}

TextLine shape_within(std::string_view utf8, TextStyle& style, double max_width_pt) {
    TextLine line = shape_line(utf8, style);
    // Ink scales with the size (glyphs are not hinted), so one step almost always suffices;
    // a second absorbs the rounding of HarfBuzz's extents to font units.
    for (int attempt = 0; attempt < 4 && line.ink.width_pt() > max_width_pt && max_width_pt > 0;
         ++attempt) {
        style.size_pt *= max_width_pt / line.ink.width_pt() * (attempt == 0 ? 1 : 0.999);
        line = shape_line(utf8, style);
    }
    return line;
}

void draw_line(cairo_t* cr, const TextLine& line, const TextStyle& style, double x,
               double baseline) {
    set_color(cr, style.color);
    for (const GlyphRun& run : line.runs) {
        set_font(cr, run.font ? *run.font : *style.font, style.size_pt);
        std::vector<cairo_glyph_t> glyphs = run.glyphs;
        for (auto& glyph : glyphs) {
            glyph.x += x;
            glyph.y += baseline;
        }
        cairo_show_text_glyphs(
            cr, run.utf8.data(), static_cast<int>(run.utf8.size()), glyphs.data(),
            static_cast<int>(glyphs.size()), run.clusters.data(),
            static_cast<int>(run.clusters.size()),
            run.backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : cairo_text_cluster_flags_t{});
    }
    check_cairo(cairo_status(cr), "drawing text");
}

namespace {

// Stretches every space of the line by `stretch`, moving the glyphs after it.
TextLine stretched(const TextLine& line, double stretch) {
    if (stretch <= 0)
        return line;
    TextLine out = line;
    // All glyphs in visual order: runs are visual, and so are HarfBuzz's glyphs in a run.
    double shift = 0;
    for (auto& run : out.runs) {
        for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
            run.glyphs[i].x += shift;
            if (run.is_space[i])
                shift += stretch;
        }
    }
    out.width_pt += shift;
    out.ink = line_ink(out);
    return out;
}

// The first offset at or after `at` where a character starts that is not a combining mark:
// where a word may be cut without splitting a character or a letter from its accents. After
// 30 marks in a row it cuts anyway, as Unicode's stream-safe format (UAX #15) does: a run of
// marks without end must not make the cut, and the line, the whole text.
std::size_t character_boundary(std::string_view text, std::size_t at) {
    int marks = 0;
    while (at < text.size()) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if ((byte & 0xC0) == 0x80) {
            ++at;
            continue;
        }
        const std::vector<Codepoint> next = decode_utf8(text.substr(at, 4));
        if (next.empty() || !is_mark(next.front().value) || ++marks > 30)
            return at;
        ++at;
    }
    return text.size();
}

// The largest character boundary in (begin, too_wide) whose text from `begin` fits, or the end
// of the first character when none does. `fits(end)` is monotonic: what fits stops fitting
// once, so a binary search finds it.
template <class Fits>
std::size_t longest_fitting_start(std::string_view text, std::size_t begin, std::size_t too_wide,
                                  Fits fits) {
    std::size_t first = character_boundary(text, begin + 1);
    if (first >= too_wide || !fits(first))
        return std::min(first, text.size());
    std::size_t low = first, high = too_wide;  // fits(low); not fits(high)
    while (true) {
        const std::size_t middle = character_boundary(text, low + (high - low) / 2);
        if (middle <= low || middle >= high)
            break;
        if (fits(middle))
            low = middle;
        else
            high = middle;
    }
    // The boundaries between low and high that the halving skipped (a run of marks).
    for (std::size_t next = character_boundary(text, low + 1); next < high && fits(next);
         next = character_boundary(text, next + 1))
        low = next;
    return low;
}

std::string trimmed(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t'))
        ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n'))
        --end;
    return std::string(text.substr(begin, end - begin));
}

}  // namespace

TextBlock lay_out_text(std::string_view utf8, const TextStyle& style, double width_pt,
                       double max_height_pt, Align align, double line_spacing) {
    static std::once_flag unibreak_ready;
    std::call_once(unibreak_ready, init_linebreak);

    TextBlock block;
    block.width_pt = width_pt;
    const double leading = style.size_pt * line_spacing;
    const double ascent = style.font->ascender_em() * style.size_pt;
    const double descent = -style.font->descender_em() * style.size_pt;

    // Paragraphs: split at blank lines.
    std::vector<std::string> paragraphs;
    {
        std::string current;
        std::size_t start = 0;
        while (start <= utf8.size()) {
            std::size_t end = utf8.find('\n', start);
            if (end == std::string_view::npos)
                end = utf8.size();
            const std::string line = trimmed(utf8.substr(start, end - start));
            if (line.empty()) {
                if (!current.empty())
                    paragraphs.push_back(current);
                current.clear();
            } else {
                current += current.empty() ? line : "\n" + line;
            }
            start = end + 1;
        }
        if (!current.empty())
            paragraphs.push_back(current);
    }

    double baseline = ascent;
    bool first_line = true, first_paragraph = true;
    for (const std::string& paragraph : paragraphs) {
        if (!first_paragraph)
            baseline += leading * 0.5;  // paragraph space
        first_paragraph = false;
        // The paragraph's direction, from its first strong character, holds for every line.
        bool rtl = false;
        bidi_levels(decode_utf8(paragraph), Direction::automatic, rtl);
        const Direction direction = rtl ? Direction::right_to_left : Direction::left_to_right;
        std::vector<char> breaks(paragraph.size());
        set_linebreaks_utf8(reinterpret_cast<const utf8_t*>(paragraph.data()), paragraph.size(), "",
                            breaks.data());

        // Segments end at break opportunities; each is measured once.
        struct Segment {
            std::size_t begin, end;
            bool forced;
        };
        std::vector<Segment> segments;
        std::size_t begin = 0;
        for (std::size_t i = 0; i < paragraph.size(); ++i) {
            if (breaks[i] == LINEBREAK_MUSTBREAK || breaks[i] == LINEBREAK_ALLOWBREAK) {
                segments.push_back(
                    {begin, i + 1, breaks[i] == LINEBREAK_MUSTBREAK && i + 1 < paragraph.size()});
                begin = i + 1;
            }
        }
        if (begin < paragraph.size())
            segments.push_back({begin, paragraph.size(), false});

        // The line from `from` to `end` (bytes of the paragraph), shaped when its ink fits the
        // width. A long candidate is judged first on prefixes of 256, 512, ... bytes: ink only
        // widens as text is added, so one that does not fit is found out from a prefix about a
        // line long, and the time a paragraph takes stays near its length however long its
        // words are. `too_wide` gets the length of the first prefix found too wide.
        const std::string_view text(paragraph);
        auto shaped_if_fits = [&](std::size_t from, std::size_t end,
                                  std::size_t& too_wide) -> std::optional<TextLine> {
            for (std::size_t prefix = 256; prefix < end - from; prefix *= 2) {
                const std::size_t cut = character_boundary(text, from + prefix);
                if (cut >= end)
                    break;
                if (shape_line(trimmed(text.substr(from, cut - from)), style, direction)
                        .ink.width_pt() > width_pt) {
                    too_wide = cut - from;
                    return std::nullopt;
                }
            }
            TextLine shaped = shape_line(trimmed(text.substr(from, end - from)), style, direction);
            if (shaped.ink.width_pt() > width_pt) {
                too_wide = end - from;
                return std::nullopt;
            }
            return shaped;
        };

        std::size_t line_begin = 0;
        std::size_t k = 0;
        while (k < segments.size()) {
            // Greedy: take segments while the trimmed line's ink fits.
            std::size_t take = k;
            TextLine fitted;
            bool forced = false;
            while (take < segments.size()) {
                std::size_t too_wide = 0;
                std::optional<TextLine> shaped =
                    shaped_if_fits(line_begin, segments[take].end, too_wide);
                if (!shaped && take > k)
                    break;
                if (!shaped) {
                    // One word wider than the block: it is broken between two characters,
                    // after the longest start that fits (one character at least), and the
                    // rest starts the next line.
                    block.overflow = true;
                    const std::size_t cut = longest_fitting_start(
                        text, line_begin, line_begin + too_wide, [&](std::size_t end) {
                            return shape_line(trimmed(text.substr(line_begin, end - line_begin)),
                                              style, direction)
                                       .ink.width_pt() <= width_pt;
                        });
                    if (cut < segments[take].end) {
                        segments.insert(segments.begin() + static_cast<std::ptrdiff_t>(take) + 1,
                                        Segment{cut, segments[take].end, segments[take].forced});
                        segments[take].end = cut;
                        segments[take].forced = false;
                    }
                    shaped = shape_line(trimmed(text.substr(line_begin, cut - line_begin)), style,
                                        direction);
                }
                fitted = std::move(*shaped);
                ++take;
                if (segments[take - 1].forced) {
                    forced = true;
                    break;
                }
            }
            const bool last = take >= segments.size() || forced;
            if (first_line && !fitted.ink.empty)
                baseline = std::max(baseline, fitted.ink.top_pt);
            first_line = false;
            const double below = std::max(descent, fitted.ink.empty ? 0 : fitted.ink.bottom_pt);
            if (baseline + below > max_height_pt + 1e-9) {
                block.overflow = true;
                break;
            }
            TextBlock::Line line;
            line.baseline = baseline;
            line.text = std::move(fitted);
            if (align == Align::justify && !last) {
                int spaces = 0;
                for (const auto& run : line.text.runs)
                    spaces += static_cast<int>(
                        std::count(run.is_space.begin(), run.is_space.end(), true));
                // The spaces lie between the first and last glyphs, so stretching them widens
                // the ink by exactly what they gain.
                if (spaces > 0 && line.text.ink.width_pt() < width_pt) {
                    line.stretch = (width_pt - line.text.ink.width_pt()) / spaces;
                    line.text = stretched(line.text, line.stretch);
                }
            }
            const InkBox& ink = line.text.ink;
            const bool from_right = align == Align::right ||
                                    (rtl && (align == Align::start || align == Align::justify));
            if (ink.empty) {
                line.x = 0;
            } else if (align == Align::center) {
                line.x = width_pt / 2 - ink.centre_pt();
            } else if (from_right) {
                line.x = width_pt - ink.right_pt;
            } else {
                line.x = -ink.left_pt;
            }
            block.coverage.add(line.text.coverage);
            block.height_pt = baseline + below;
            block.lines.push_back(std::move(line));
            baseline += leading;
            line_begin = segments[take - 1].end;
            k = take;
        }
        if (block.overflow)
            break;
    }
    return block;
}

void draw_block(cairo_t* cr, const TextBlock& block, const TextStyle& style, double x, double top) {
    for (const auto& line : block.lines)
        draw_line(cr, line.text, style, x + line.x, top + line.baseline);
}

}  // namespace podcover::render
