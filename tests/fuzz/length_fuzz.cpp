// Fuzz target: the length and size readers (Length::parse, Length::from_decimal, Size::parse),
// which read every --trim, job-file trim and printer-file number. Invariants: what is read lies
// within Length::max_read_units; a size is positive; a length read in a unit formats back, to
// 12 places, to text that reads as the same length.
#include "fuzz_target.hpp"
#include "podcover/errors.hpp"
#include "podcover/layout.hpp"
#include "podcover/length.hpp"

using namespace podcover;

namespace {

const Length reach = Length::from_units(Length::max_read_units);

void check_read(Length length) {
    if (abs(length) > reach)
        fuzz::broken("a length beyond Length::max_read_units was read");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::text_of(data, size);
    try {
        const Length length = Length::parse(text);
        check_read(length);
        format_inch_fraction(length);
    } catch (const ValueError&) {
    }
    for (const Unit unit : {Unit::in, Unit::mm, Unit::pt, Unit::cm}) {
        try {
            const Length length = Length::from_decimal(text, unit);
            check_read(length);
            if (Length::from_decimal(length.format(unit, 12), unit) != length)
                fuzz::broken("a length does not read back from its own 12-place text");
        } catch (const ValueError&) {
        }
    }
    try {
        const Size trim = Size::parse(text, Unit::in);
        check_read(trim.width);
        check_read(trim.height);
        if (trim.width <= Length() || trim.height <= Length())
            fuzz::broken("a size that is not positive was read");
        trim.format(Unit::mm, 3);
    } catch (const ValueError&) {
    }
    return 0;
}
