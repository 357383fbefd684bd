import Testing

@testable import SFNJSONata

/// Cases whose expected results were produced by running jsonata-js 2.0 (the line AWS Step
/// Functions follows) on the same arguments, over many pictures, values and timezones. Where
/// the 2.2 reference suite decided otherwise (upper-case [PN], fractional seconds in [f],
/// digit widths of components other than Y/M/D when parsing, pictures that crash 2.0), no case
/// is listed here; the suite tests cover those.
@Suite struct PictureOracleTests {
    /// (function, first argument, picture, timezone or options JSON, expected): the expected
    /// value is "s:" text, "n:" number, "e:" error code, or "u" for no value.
    static let cases: [(String, String, String?, String?, String)] = [
        ("formatInteger", "-1", "i", nil, "s:-i"),
        ("formatInteger", "-12.6", "##0", nil, "s:-13"),
        ("formatInteger", "-123", "a", nil, "s:-ds"),
        ("formatInteger", "-1234", "#i W", nil, "e:D3130"),
        ("formatInteger", "-5", " ;.-Ii", nil, "e:D3130"),
        ("formatInteger", "-5", "0# ", nil, "s:-5 "),
        ("formatInteger", "-5", "9xow.", nil, "s:-5xow."),
        ("formatInteger", "-5", "A,;;aA", nil, "e:D3130"),
        ("formatInteger", "0", "909#ia0", nil, "s:000ia0"),
        ("formatInteger", "0", "II-", nil, "e:D3130"),
        ("formatInteger", "0", "o\u{661}w0\u{661}A:", nil, "e:D3131"),
        ("formatInteger", "1", "##,##,##0", nil, "s:,1"),
        ("formatInteger", "1", ":-cia0", nil, "s::-cia1"),
        ("formatInteger", "10", "A", nil, "s:J"),
        ("formatInteger", "100", "0", nil, "s:100"),
        ("formatInteger", "100", "000;o", nil, "s:100th"),
        ("formatInteger", "100", "Ww;o", nil, "s:One Hundredth"),
        ("formatInteger", "100", "a", nil, "s:cv"),
        ("formatInteger", "1000", "i", nil, "s:m"),
        ("formatInteger", "1000", "w", nil, "s:one thousand"),
        ("formatInteger", "10000", "0;a", nil, "s:10000"),
        ("formatInteger", "10000", "W", nil, "s:TEN THOUSAND"),
        ("formatInteger", "10000", "Ww;o", nil, "s:Ten Thousandth"),
        ("formatInteger", "1000000000.0", "#:###,##0", nil, "s:1000:000,000"),
        ("formatInteger", "1000000000001.0", "W", nil, "s:ONE TRILLION AND ONE"),
        ("formatInteger", "1001", "0;t", nil, "s:1001"),
        ("formatInteger", "101", "0 000", nil, "s:0 101"),
        ("formatInteger", "101", "0#iA0", nil, "s:10iA1"),
        ("formatInteger", "101", "A", nil, "s:CW"),
        ("formatInteger", "101", "aaw:", nil, "e:D3130"),
        ("formatInteger", "111", "a", nil, "s:dg"),
        ("formatInteger", "112", "#0;o", nil, "s:112th"),
        ("formatInteger", "112", "000", nil, "s:112"),
        ("formatInteger", "112", "0;t", nil, "s:112"),
        ("formatInteger", "113", "0000", nil, "s:0113"),
        ("formatInteger", "12", "0 000", nil, "s:0 012"),
        ("formatInteger", "12", "iii9x", nil, "s:1iii2x"),
        ("formatInteger", "1234", "00:", nil, "s:1234:"),
        ("formatInteger", "1234", ":", nil, "e:D3130"),
        ("formatInteger", "1234", "i", nil, "s:mccxxxiv"),
        ("formatInteger", "12345", "0", nil, "s:12345"),
        ("formatInteger", "12345", "0000", nil, "s:12345"),
        ("formatInteger", "12345", "i", nil, "s:mmmmmmmmmmmmcccxlv"),
        ("formatInteger", "123456", "w", nil, "s:one hundred and twenty-three thousand, four hundred and fifty-six"),
        ("formatInteger", "123456", "w;c", nil, "s:one hundred and twenty-three thousand, four hundred and fifty-six"),
        ("formatInteger", "1234567890123456", "# ##0", nil, "s:1 234 567 890 123 456"),
        ("formatInteger", "1234567890123456", "0 000", nil, "s:1 234 567 890 123 456"),
        ("formatInteger", "1984", "#0;o", nil, "s:1984th"),
        ("formatInteger", "1984", "a", nil, "s:bxh"),
        ("formatInteger", "1e+16", "#;", nil, "e:D3130"),
        ("formatInteger", "2", "I", nil, "s:II"),
        ("formatInteger", "20", "#0;o", nil, "s:20th"),
        ("formatInteger", "2000", "# ##0", nil, "s:2 000"),
        ("formatInteger", "21", "#:###,##0", nil, "s:,:21"),
        ("formatInteger", "21", ".wi,", nil, "e:D3130"),
        ("formatInteger", "21", "9", nil, "s:21"),
        ("formatInteger", "21", "\u{661},#c9", nil, "e:D3131"),
        ("formatInteger", "21", "xwoc#:", nil, "e:D3130"),
        ("formatInteger", "22", "00", nil, "s:22"),
        ("formatInteger", "22", "W", nil, "s:TWENTY-TWO"),
        ("formatInteger", "3999", "#.##0", nil, "s:3.999"),
        ("formatInteger", "4", "0", nil, "s:4"),
        ("formatInteger", "4", "Ww", nil, "s:Four"),
        ("formatInteger", "4000", "##0", nil, "s:4000"),
        ("formatInteger", "4000", "9", nil, "s:4000"),
        ("formatInteger", "7", "#o9I", nil, "s:o7I"),
        ("formatInteger", "7", "-", nil, "e:D3130"),
        ("formatInteger", "7", "a,;,9", nil, "e:D3130"),
        ("formatInteger", "7", "c-0,", nil, "s:c-7,"),
        ("formatInteger", "9007199254740992", " ", nil, "e:D3130"),
        ("formatInteger", "9007199254740992", "c.iaAW", nil, "e:D3130"),
        ("formatInteger", "99", "-aI:i", nil, "e:D3130"),
        ("formatInteger", "99", "9w:;#", nil, "s:99w:"),
        ("formatInteger", "99", "; ", nil, "e:D3130"),
        ("formatInteger", "99", "W;", nil, "s:NINETY-NINE"),
        ("formatInteger", "99", "W;", nil, "s:NINETY-NINE"),
        ("formatInteger", "99", "\u{661}", nil, "s:\u{669}\u{669}"),
        ("formatInteger", "99", "ia:", nil, "e:D3130"),
        ("formatInteger", "99999", "-#;,\u{661}", nil, "e:D3130"),
        ("formatInteger", "99999", "0;o", nil, "s:99999th"),
        ("formatInteger", "99999", "0Ao0I;", nil, "s:9999Ao9I"),
        ("formatInteger", "99999", "W;o", nil, "s:NINETY-NINE THOUSAND, NINE HUNDRED AND NINETY-NINTH"),
        ("formatNumber", "-0.0", "#,##0.00", nil, "s:0.00"),
        ("formatNumber", "-0.0", "0.0", nil, "s:0.0"),
        ("formatNumber", "-0.0", "0.0###", nil, "s:0.0"),
        ("formatNumber", "-0.0", "0.0###", nil, "s:0.0"),
        ("formatNumber", "-0.0", "0.000", nil, "s:0.000"),
        ("formatNumber", "-0.0", "000.00%", nil, "s:000.00%"),
        ("formatNumber", "-0.0", "000.00%", nil, "s:000.00%"),
        ("formatNumber", "-0.005194171", "#.###", nil, "s:-.005"),
        ("formatNumber", "-0.5", "#,##0.###", "{\"percent\": \"pct\"}", "s:-0.5"),
        ("formatNumber", "-0.5", "0,00", "{\"zero-digit\": \"\u{660}\"}", "e:D3088"),
        ("formatNumber", "-1.36e-05", "0.00", nil, "s:-0.00"),
        ("formatNumber", "-123.456", "##0.0##", nil, "s:-123.456"),
        ("formatNumber", "-123.456", "000", nil, "s:-123"),
        ("formatNumber", "-1234.5678", "000.###", "{\"decimal-separator\": \"..\"}", "e:D3090"),
        ("formatNumber", "-1633.85", "0.0###", nil, "s:-1633.85"),
        ("formatNumber", "-2.5", "#,##0", nil, "s:-2"),
        ("formatNumber", "-2.5", "0.00%", nil, "s:-250.00%"),
        ("formatNumber", "-200.966530442", "0.00", nil, "s:-200.97"),
        ("formatNumber", "-528073.1713092148", "0", nil, "s:-528073"),
        ("formatNumber", "-544615.469348", "000.00%", nil, "s:-54461546.93%"),
        ("formatNumber", "-5e-07", "0.0", nil, "s:-0.0"),
        ("formatNumber", "-68.517807", "0.0", nil, "s:-68.5"),
        ("formatNumber", "0.0", "0.0###", nil, "s:0.0"),
        ("formatNumber", "0.0", "0.000", nil, "s:0.000"),
        ("formatNumber", "0.0001", "0.0e0", nil, "s:1.0e-4"),
        ("formatNumber", "0.0006533", "0.#\u{2030}", nil, "s:0.7\u{2030}"),
        ("formatNumber", "0.001", "#,##0.00;#,##0.00-", "{\"digit\": \"##\"}", "e:D3086"),
        ("formatNumber", "0.001", "0,00", "{\"digit\": \"X\"}", "s:0,00"),
        ("formatNumber", "0.001234", ".00", nil, "s:.00"),
        ("formatNumber", "0.001234", "0.#", nil, "s:0"),
        ("formatNumber", "0.0042", "-;%5; .,;", nil, "e:D3080"),
        ("formatNumber", "0.0042", ".", nil, "e:D3085"),
        ("formatNumber", "0.0042", "9,-\u{2030} ,", nil, "e:D3088"),
        ("formatNumber", "0.14", "0.0e0", nil, "s:1.4e-1"),
        ("formatNumber", "0.25", "%00-;90\u{2030}5", nil, "e:D3086"),
        ("formatNumber", "0.25", ",#.x", nil, "s:0x"),
        ("formatNumber", "0.25", "\u{2030}x.-", nil, "e:D3085"),
        ("formatNumber", "1", "#.e9", nil, "s:1.0e0"),
        ("formatNumber", "1.5", "##0.0##", nil, "s:1.5"),
        ("formatNumber", "1.5", "0.00%", nil, "s:150.00%"),
        ("formatNumber", "1000000000000000.0", "#,##0;(#,##0)", nil, "s:1,000,000,000,000,000"),
        ("formatNumber", "1000000000000000.0", "#.e9", nil, "s:1.0e15"),
        ("formatNumber", "1000000000000000.0", "0.000000", nil, "s:1000000000000000.000000"),
        ("formatNumber", "12.505", "0.0###", nil, "s:12.505"),
        ("formatNumber", "123.456", "0.0", nil, "s:123.5"),
        ("formatNumber", "123.456", "000", nil, "s:123"),
        ("formatNumber", "1234.5678", "#\u{66c}##0.00", "{\"grouping-separator\": \" \"}", "e:D3086"),
        ("formatNumber", "1234.5678", ". ,.%50.#", nil, "e:D3086"),
        ("formatNumber", "1234.5678", "000", nil, "s:1235"),
        ("formatNumber", "1234.5678", "000.###", "{\"pattern-separator\": \"|\"}", "s:1234.568"),
        ("formatNumber", "12345678.9", "# ee", nil, "s:12345679 ee"),
        ("formatNumber", "12345678.9", "#|#", "{\"grouping-separator\": \" \"}", "e:D3086"),
        ("formatNumber", "12345678.9", "0-0,5#9", nil, "e:D3090"),
        ("formatNumber", "12345678.9", "05#. x", nil, "e:D3090"),
        ("formatNumber", "12345678.9", "x0;5,", nil, "e:D3088"),
        ("formatNumber", "123456789012", "#,##,##0.00", nil, "s:1234567,89,012.00"),
        ("formatNumber", "128.34", "0", nil, "s:128"),
        ("formatNumber", "14381.3418861", "0.000", nil, "s:14381.342"),
        ("formatNumber", "1e+21", "00.0e0", nil, "s:100.0e19"),
        ("formatNumber", "1e-07", "#,##0;(#,##0)", nil, "s:0"),
        ("formatNumber", "2.675", "#0.0#", nil, "s:2.68"),
        ("formatNumber", "20551.5", "0", nil, "s:20552"),
        ("formatNumber", "3.14159", "#0x00# -0", nil, "e:D3086"),
        ("formatNumber", "3.14159", "-,.#-", nil, "e:D3087"),
        ("formatNumber", "3.14159", "0", nil, "s:3"),
        ("formatNumber", "3.14159", "05", nil, "s:03"),
        ("formatNumber", "42", ".", nil, "e:D3085"),
        ("formatNumber", "42", "0", nil, "s:42"),
        ("formatNumber", "42", "\u{2030}.5", nil, "s:\u{2030}42000.0"),
        ("formatNumber", "512.35", "000.00%", nil, "s:51235.00%"),
        ("formatNumber", "56.311", "000.00%", nil, "s:5631.10%"),
        ("formatNumber", "69.778591", "0.0", nil, "s:69.8"),
        ("formatNumber", "7", "#,##0.###", nil, "s:7"),
        ("formatNumber", "7", "#.##0,00", "{\"decimal-separator\": \",\"}", "e:D3086"),
        ("formatNumber", "7", "%5ex0;;", nil, "e:D3080"),
        ("formatNumber", "7", "0.0", nil, "s:7.0"),
        ("formatNumber", "7", "0.00", "{\"digit\": \"X\"}", "s:7.00"),
        ("formatNumber", "7", "0.00;0.00-", nil, "s:7.00"),
        ("formatNumber", "7", "50xx ", nil, "s:07xx "),
        ("formatNumber", "73.5", "0.#\u{2030}", nil, "s:73500\u{2030}"),
        ("formatNumber", "7411.5", "0.#\u{2030}", nil, "s:7411500\u{2030}"),
        ("formatNumber", "8.8e-09", "0.00", nil, "s:0.00"),
        ("formatNumber", "80122390714.1", "0.000", nil, "s:80122390714.100"),
        ("formatNumber", "8295765872.493277", "#,##0.00", nil, "s:8,295,765,872.49"),
        ("formatNumber", "829805.0", "0.0e0", nil, "s:8.3e5"),
        ("formatNumber", "85.144", "0.0e0", nil, "s:8.5e1"),
        ("formatNumber", "8991.77243073", "0.0###", nil, "s:8991.7724"),
        ("formatNumber", "984988296.582661", "0.#\u{2030}", nil, "s:984988296582.7\u{2030}"),
        ("formatNumber", "99.5", ".9 e", nil, "s:99.5 e"),
        ("formatNumber", "99.5", "0.0E0", "{\"decimal-separator\": \"..\"}", "e:D3086"),
        ("formatNumber", "99.5", "90", nil, "s:100"),
        ("formatNumber", "99.5", "X,XX0.00", "{\"per-mille\": \"pm\"}", "e:D3086"),
        ("formatNumber", "99.5", "e#;5", nil, "s:e100"),
        ("formatNumber", "99.5", "x#% ", nil, "s:x9950% "),
        ("formatNumber", "99.5", "x-,.x", nil, "e:D3087"),
        ("fromMillis", "-1", "[d001] [Y]", "-0530", "s:365 1969"),
        ("fromMillis", "-1", nil, "+0530", "s:1970-01-01T05:29:59.999+05:30"),
        ("fromMillis", "-2777932800000", "T[X,*]", "+0530", "s:T1881"),
        ("fromMillis", "-2777932800000", "[Mo,2][CWw,2]", "+0530", "e:D3130"),
        ("fromMillis", "-2777932800000", "[Wn,*]x[hWw,3-*]", "-0500", "e:D3133"),
        ("fromMillis", "-2777932800000", "[YNn,5-9]T[E0001,*][hn,3-*][D01]", nil, "e:D3133"),
        ("fromMillis", "-2777932800000", "[Z01:01t]", "-0030", "s:-01:30"),
        ("fromMillis", "-2777932800000", "[da,5-9][so,*-3", "0000", "e:D3135"),
        ("fromMillis", "-2777932800000", "[w] [x] [xNn]", "+1400", "s:4 12 December"),
        ("fromMillis", "-30610224000000", "[Y0001][M01][D01]", "0000", "s:10000101"),
        ("fromMillis", "-30610224000000", nil, "-1200", "s:0999-12-31T12:00:00.000-12:00"),
        ("fromMillis", "-62135596800000", "[E1o,5-9][zw,5-9]", "-0500", "e:D3134"),
        ("fromMillis", "-62135596800000", "[P01:01,2][[[H]", "0000", "s:am[0"),
        ("fromMillis", "-62135596800000", "[Yw] [Mw] [Dwo]", "+0530", "s:one one first"),
        ("fromMillis", "-62135596800000", "[[[H01][DWw]", "-0500", "s:[19Thirty-One"),
        ("fromMillis", "-62135596800000", "[w] [x] [xNn]", "+0100", "s:1 12 December"),
        ("fromMillis", "-62135596800000", "[x\u{661},1-1]", nil, "s:\u{661}\u{662}"),
        ("fromMillis", "-62135596800000", "]][h01:01,2-2][D1o,*-3]", nil, "s:]00:12001st"),
        ("fromMillis", "-946080012345", "[H01]:[m01]:[s01] [Z]", nil, "s:23:59:47 +00:00"),
        ("fromMillis", "-946080012345", "[MN,3-3] [D01] [Y]", "-0530", "s:JAN 08 1940"),
        ("fromMillis", "0", "[D#1]/[M#1]", "+0530", "s:1/1"),
        ("fromMillis", "0", "[E0;o,*-3][wi,5-9][Y01,*-3]/[w\u{661},1-1]", "-0500", "s:ISOi969/\u{661}"),
        ("fromMillis", "0", "[Y##01]", "0000", "s:1970"),
        ("fromMillis", "0", "[Z0101t]", "0", "s:Z"),
        ("fromMillis", "0", "]][P0001,2-2][Mt,*][Fn,*]", nil, "e:D3130"),
        ("fromMillis", "0", nil, "5", "s:1970-01-01T00:05:00.000+00:05"),
        ("fromMillis", "1", "[Z00:00]", "-1200", "s:-12:00"),
        ("fromMillis", "1199664000000", nil, "+0000", "s:2008-01-07T00:00:00.000Z"),
        ("fromMillis", "1204405500000", "[MN,3-3] [D01] [Y]", "-0500", "s:MAR 01 2008"),
        ("fromMillis", "1204405500000", "[Z0101t]", "+0000", "s:Z"),
        ("fromMillis", "1230757500000", ":[Mo,2]", "0000", "e:D3130"),
        ("fromMillis", "1230757500000", "[XWw,1-1][MWw,*-3]", "0000", "s:Two Thousand and NineTwelve"),
        ("fromMillis", "1230757500000", "[x01,2]", nil, "s:01"),
        ("fromMillis", "1359460800000", "[M,1-1]", "+1400", "s:1"),
        ("fromMillis", "1359460800000", "[Y##01]", "+0100", "s:2013"),
        ("fromMillis", "1359460800000", nil, "+1400", "s:2013-01-30T02:00:00.000+14:00"),
        ("fromMillis", "1359460800000", nil, "0000", "s:2013-01-29T12:00:00.000Z"),
        ("fromMillis", "1419854400000", "[H01]:[m01]:[s01] [Z]", "-0500", "s:07:00:00 -05:00"),
        ("fromMillis", "1419854400000", "[YI] [Mi] [Da]", "+0000", "s:MMXIV xii ac"),
        ("fromMillis", "1451563200000", "[D1o] [MNn] [Y]", "-0530", "s:31st December 2015"),
        ("fromMillis", "1451563200000", "[Z01]", "+0100", "s:+01"),
        ("fromMillis", "1514808000000", "[W]", "+0530", "s:1"),
        ("fromMillis", "1514808000000", "[Z00:00]", "-1200", "s:-12:00"),
        ("fromMillis", "1521801216617", "[F0001,2-2]", "-0500", "s:0005"),
        ("fromMillis", "1521801216617", "[F9,999,5-9][Ft,2-2][z9,999,2-2]", "-0500", "e:D3130"),
        (
            "fromMillis", "1521801216617", "[Fa,5-9]x[Eo,3-*][F9,999][m1,2-2]", "+0530",
            "s:exISO00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000503"
        ),
        ("fromMillis", "1521801216617", "[Y]-[M]-[D]T[H]:[m]", "+1245", "s:2018-3-23T23:18"),
        ("fromMillis", "1521801216617", "[dw]", "+0000", "s:eighty-two"),
        ("fromMillis", "1521801216617", "[fW,1-1]", "-0500", "s:SIX HUNDRED AND SEVENTEEN"),
        ("fromMillis", "1600000000123", "[D1,2] [M1,2]", "+1400", "s:14 09"),
        ("fromMillis", "1600000000123", "[z01]", nil, "s:GMT+00"),
        ("fromMillis", "253402300799999", " [wWw,2][[[Y#1,*-3][Ci,*]", "+0530", "s: Five[000ISO"),
        ("fromMillis", "253402300799999", ":[Z9,999,3-*]-[Hwo,3-*]", "-0500", "s::-0,500-eighteenth"),
        ("fromMillis", "253402300799999", "[C01,1-1][h001]", nil, "s:ISO011"),
        ("fromMillis", "253402300799999", "[Mi,2][di,3-*][EI,*-3]", "-0500", "s:xiiccclxvISO"),
        ("fromMillis", "253402300799999", "[qW,*-3][s1,*]", "-0500", "s:undefined59"),
        ("fromMillis", "253402300799999", "[so,2]]][h01:01,5-9]/[Z##01,*-3]", "+0530", "e:D3130"),
        ("fromMillis", "253402300799999", "[wA,*]", "+0530", "s:E"),
        ("fromMillis", "253402300799999", "x[fI,*][dN,5-9][m9,999,3-*]", "-0500", "e:D3133"),
        ("fromMillis", "4102444800000", "[C] [E]", "-1200", "s:ISO ISO"),
        ("fromMillis", "4102444800000", "[D1o] [MNn] [Y]", "-1200", "s:31st December 2099"),
        ("fromMillis", "4102444800000", "[W01] [X]", "+0000", "s:53 2099"),
        ("fromMillis", "4102444800000", "[YI] [Mi] [Da]", "-0500", "s:MMXCIX xii ae"),
        ("fromMillis", "951782400000", " [XN]", "-0500", "e:D3133"),
        ("fromMillis", "951782400000", " [q##01,2-2][C,1-1]/[P1,*][[[Hn,3-*]", "0000", "e:D3133"),
        ("fromMillis", "951782400000", "[C0101t][E01,5-9][W01t,3-*]", "+0530", "s:ISOISO009"),
        ("fromMillis", "951782400000", "[D,2-2]", "+0000", "s:29"),
        ("fromMillis", "951782400000", "[H1] [h1] [P]", "-0530", "s:17 5 pm"),
        ("fromMillis", "951782400000", "[X001]/[w0001,*-3]]][Xa,*-3]-[swo,2-2]", "-0500", "s:2000/0001]bxx-zeroth"),
        ("fromMillis", "951782400000", "[Y0101t,3-*][d0,2-2][C#1,1-1]:[dNn,*]", "+0530", "e:D3133"),
        ("fromMillis", "951782400000", "[dwo,*][P0001,2]/[h1,3-*]x[xwo,2]", "+0530", "s:sixtietham/005xthird"),
        ("fromMillis", "951782400000", "[fWw][Pw,2-2][MWw]", "0000", "s:ZeroamTwo"),
        ("fromMillis", "951782400000", "[m0001][zo]T[w9,999,1-1][f##01,*]", "+0530", "e:D3134"),
        ("fromMillis", "951782400000", "x[h,2-2][h,5-9][qo,3-*]", nil, "s:x1200012undefined"),
        ("parseInteger", ",,1", "##,##,##0", nil, "n:1.0"),
        ("parseInteger", ",:9", "#:###,##0", nil, "n:9.0"),
        ("parseInteger", "-", "a", nil, "n:-51.0"),
        ("parseInteger", "-0,00", "0,000", nil, "n:0.0"),
        ("parseInteger", "-013", "000", nil, "n:-13.0"),
        ("parseInteger", "-123", "#0", nil, "n:-123.0"),
        ("parseInteger", "0 09", "0 000", nil, "n:0.0"),
        ("parseInteger", "0021", "0000", nil, "n:21.0"),
        ("parseInteger", "0023", "0000", nil, "n:23.0"),
        ("parseInteger", "1,000,000", "#,###,##0", nil, "n:1000000.0"),
        ("parseInteger", "10,000", "0,000", nil, "n:10000.0"),
        ("parseInteger", "100", "000", nil, "n:100.0"),
        ("parseInteger", "1000000000", "00", nil, "n:1000000000.0"),
        ("parseInteger", "100000TH", "0;o", nil, "n:100000.0"),
        ("parseInteger", "1001", "0", nil, "n:1001.0"),
        ("parseInteger", "101", "#.##0", nil, "n:101.0"),
        ("parseInteger", "101ST", "0;o", nil, "n:101.0"),
        ("parseInteger", "11", "#.##0", nil, "n:11.0"),
        ("parseInteger", "11", "0;a", nil, "n:11.0"),
        ("parseInteger", "113", "0;t", nil, "n:113.0"),
        ("parseInteger", "12", "#.##0", nil, "n:12.0"),
        ("parseInteger", "1234", "0;c", nil, "n:1234.0"),
        ("parseInteger", "12345", "0", nil, "n:12345.0"),
        ("parseInteger", "12t", "0;o", nil, "n:1.0"),
        ("parseInteger", "1984", "9", nil, "n:1984.0"),
        ("parseInteger", "20", "##0", nil, "n:20.0"),
        ("parseInteger", "2000", "9", nil, "n:2000.0"),
        ("parseInteger", "2024", "0;c", nil, "n:2024.0"),
        ("parseInteger", "21", "0;c", nil, "n:21.0"),
        ("parseInteger", "4", "0", nil, "n:4.0"),
        ("parseInteger", "9", "0;c", nil, "n:9.0"),
        ("parseInteger", ":,100", "#:###,##0", nil, "n:100.0"),
        ("parseInteger", "BY", "A", nil, "n:77.0"),
        ("parseInteger", "Four Thousand", "Ww", nil, "n:4000.0"),
        ("parseInteger", "Nine", "Ww", nil, "n:9.0"),
        ("parseInteger", "ONE TRILLION AND FIRST", "W;o", nil, "n:1000000000001.0"),
        ("parseInteger", "One Hundred and First", "Ww;o", nil, "n:101.0"),
        ("parseInteger", "RFU", "A", nil, "n:12345.0"),
        ("parseInteger", "TWENTY-THIRD", "Ww;o", nil, "n:23.0"),
        ("parseInteger", "Twelve Thousand, Three Hundred and Forty-Five", "Ww", nil, "n:12345.0"),
        ("parseInteger", "\u{660}", "##\u{661}", nil, "n:0.0"),
        ("parseInteger", "\u{661}\u{660}\u{661}", "\u{661}", nil, "n:101.0"),
        ("parseInteger", "\u{664}", "\u{661}", nil, "n:4.0"),
        ("parseInteger", "\u{ff11}\u{ff12}\u{ff13}\u{ff14}\u{ff15}\u{ff16}\u{ff17}", "\u{ff10}", nil, "n:1234567.0"),
        (
            "parseInteger",
            "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm", "i",
            nil, "n:100000.0"
        ),
        ("parseInteger", "one hundred and eleven", "w;c", nil, "n:111.0"),
        (
            "toMillis",
            "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002008 ",
            "[Y9,999]", nil, "u"
        ),
        ("toMillis", "1000-01-01", "[Y0001]-[M01]-[D01]", nil, "n:-30610224000000.0"),
        ("toMillis", "14", "[Y0001,2-2]", nil, "n:-1767225600000.0"),
        ("toMillis", "16 ", "[Y,2]", nil, "u"),
        ("toMillis", "2001-9-9T1:46:40.0 ", "[Y]-[M]-[D]T[H]:[m]:[s].[f]", nil, "u"),
        ("toMillis", "2008-03-01", "[Y0001]-[M01]-[D01]", nil, "n:1204329600000.0"),
        ("toMillis", "2017 ", "[Y##01]", nil, "u"),
        ("toMillis", "2018 ", "[Y##01]", nil, "u"),
        ("toMillis", "2018-02-01T09:42:13.123+0000", nil, nil, "n:1517478133123.0"),
        ("toMillis", "2018-02-03T11:15:33-0230", nil, nil, "n:1517665533000.0"),
        ("toMillis", "JAN 01 2100", "[MN,3-3] [D01] [Y]", nil, "e:D3136"),
        ("toMillis", "MMI ix h ", "[YI] [Mi] [Da]", nil, "u"),
        ("toMillis", "MMXV xii ae", "[YI] [Mi] [Da]", nil, "n:1451520000000.0"),
        ("toMillis", "Two Thousand and Ninety-Nine", "[YWw]", nil, "n:4070908800000.0"),
        ("toMillis", "jan 08 1940", "[MN,3-3] [D01] [Y]", nil, "e:D3136"),
        (
            "toMillis", "one thousand, nine hundred and sixty-nine twelve thirty-first", "[Yw] [Mw] [Dwo]", nil,
            "n:-86400000.0"
        ),
        ("toMillis", "sunday, 31st december 0", "[FNn], [D1o] [MNn] [Y]", nil, "e:D3136"),
        ("toMillis", "wednesday, 31st december 2008", "[FNn], [D1o] [MNn] [Y]", nil, "e:D3136"),
    ]

    @Test func matchesJSONataJS() throws {
        var failures = 0
        for (function, first, picture, third, expected) in Self.cases {
            let outcome = Self.run(function, first, picture, third)
            if outcome != expected { failures += 1 }
            #expect(outcome == expected, "$\(function)(\(first), \(picture ?? "()"), \(third ?? "()"))")
        }
        #expect(failures == 0)
    }

    /// -0 reads as 0, as in JSON.
    static func run(_ function: String, _ first: String, _ picture: String?, _ third: String?) -> String {
        do {
            switch function {
            case "formatInteger":
                return "s:" + (try Pictures.formatInteger(Double(first) ?? .nan, picture: picture ?? ""))
            case "parseInteger":
                return (try Pictures.parseInteger(first, picture: picture ?? "")).map { "n:\($0 + 0)" } ?? "u"
            case "formatNumber":
                return "s:"
                    + (try Pictures.formatNumber(
                        Double(first) ?? .nan, picture: picture ?? "",
                        options: Self.options(third)))
            case "fromMillis":
                return "s:"
                    + (try Pictures.formatDateTime(millis: Double(first) ?? .nan, picture: picture, timezone: third))
            case "toMillis":
                return (try Pictures.parseDateTime(first, picture: picture)).map { "n:\($0 + 0)" } ?? "u"
            default:
                return "unknown function"
            }
        } catch {
            return "e:" + error.code
        }
    }

    /// The options object of a case: a flat JSON object of strings, as written by the generator.
    static func options(_ json: String?) -> [String: String] {
        guard let json else { return [:] }
        var result: [String: String] = [:]
        var strings: [String] = []
        var current: String?
        var escaped = false
        for ch in json {
            if var text = current {
                if escaped {
                    text.append(ch)
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == "\"" {
                    strings.append(text)
                    current = nil
                    continue
                } else {
                    text.append(ch)
                }
                current = text
            } else if ch == "\"" {
                current = ""
            }
        }
        var i = 0
        while i + 1 < strings.count {
            result[strings[i]] = strings[i + 1]
            i += 2
        }
        return result
    }
}
