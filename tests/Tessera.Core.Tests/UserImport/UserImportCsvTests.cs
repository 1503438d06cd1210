// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Tessera.Core.Pools;
using Tessera.Core.UserImport;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.UserImport;

public sealed class UserImportCsvTests
{
    private const string Header = "cognito:username,email,email_verified,phone_number,phone_number_verified,birthdate,cognito:mfa_enabled";

    private static UserPool Pool(IReadOnlyList<string>? autoVerified = null, string? mfa = null, IReadOnlyList<string>? required = null)
        => new()
        {
            Id = "us-east-1_import",
            Name = "import",
            Settings = new UserPoolSettings
            {
                AutoVerifiedAttributes = autoVerified ?? ["email"],
                MfaConfiguration = mfa,
                RequiredStandardAttributes = required,
                CustomAttributes = [new SchemaAttributeType { Name = "custom:team", AttributeDataType = "String" }],
            },
        };

    private static List<(UserImportRow? Row, UserImportRowError? Error)> Read(UserPool pool, string csv)
        => [.. UserImportCsv.Read(pool, Encoding.UTF8.GetBytes(csv))];

    [Fact]
    public void Header_ListsSchemaAttributesButSubThenCognitoColumns()
    {
        var header = UserImportCsv.Header(Pool()).ToList();

        header.ShouldNotContain("sub");
        header.ShouldNotContain("identities");
        header[0].ShouldBe("name");
        header.ShouldContain("custom:team");
        header[^2].ShouldBe("cognito:mfa_enabled");
        header[^1].ShouldBe("cognito:username");
        header.IndexOf("custom:team").ShouldBeGreaterThan(header.IndexOf("updated_at"));
    }

    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData(" a , b ", new[] { "a", "b" })]
    [InlineData(@"123 Main St\, Springfield,x", new[] { "123 Main St, Springfield", "x" })]
    [InlineData(@"a\b,c", new[] { @"a\b", "c" })]
    [InlineData("a,,", new[] { "a", "", "" })]
    public void SplitLine_BackslashEscapesComma_ValuesTrimmed(string line, string[] values)
        => UserImportCsv.SplitLine(line).ShouldBe(values);

    [Fact]
    public void Read_ValidRows_YieldUsersWithLineNumbers()
    {
        var rows = Read(Pool(), Header + "\r\njane,jane@example.com,TRUE,,,02/01/1985,FALSE\n\njohn,john@example.com,true,+12345550100,true,,false\n");

        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r.Error == null);
        var jane = rows[0].Row!;
        jane.LineNumber.ShouldBe(2);
        jane.Username.ShouldBe("jane");
        jane.MfaEnabled.ShouldBeFalse();
        jane.Attributes.ShouldContain(new AttributeType("email", "jane@example.com"));
        jane.Attributes.ShouldContain(new AttributeType("birthdate", "1985-02-01"));
        jane.Attributes.ShouldNotContain(a => a.Name == "phone_number");
        rows[1].Row!.LineNumber.ShouldBe(4);
    }

    [Fact]
    public void Read_ByteOrderMark_IsIgnored()
    {
        var rows = Read(Pool(), "\uFEFF" + Header + "\njane,jane@example.com,true,,,,false\n");

        rows.Single().Row!.Username.ShouldBe("jane");
    }

    [Theory]
    [InlineData(",jane@example.com,true,,,,false", "The cognito:username value is empty.")]
    [InlineData("ja ne,jane@example.com,true,,,,false", "The cognito:username value contains a space or a tab.")]
    [InlineData("jane,jane@example.com,true,,,,maybe", "The cognito:mfa_enabled value must be true or false.")]
    [InlineData("jane,jane@example.com,true,,,,true", "The user pool has MFA off, so cognito:mfa_enabled must be false.")]
    [InlineData("jane,jane@example.com,false,,,,false", UserImportCsv.NoAutoVerifiedAttribute)]
    [InlineData("jane,,true,,,,false", "The user record sets email_verified to true but has no email.")]
    [InlineData("jane,jane@example.com,true,,,1985-02-01,false", "The birthdate value must be in the form mm/dd/yyyy.")]
    [InlineData("jane,jane@example.com,true,,,false", "The line has 6 values and the header 7 columns; escape a comma inside a value as \\,.")]
    public void Read_BadRow_IsFailedWithReason(string line, string message)
    {
        var row = Read(Pool(), Header + "\n" + line + "\n").Single();

        row.Row.ShouldBeNull();
        row.Error.ShouldBe(new UserImportRowError(2, message));
    }

    [Fact]
    public void Read_PoolWithTwoAutoVerifiedAttributes_NeedsOneOfThemTrue()
    {
        var pool = Pool(autoVerified: ["email", "phone_number"]);

        Read(pool, Header + "\njane,jane@example.com,false,+12345550100,true,,false\n").Single().Row.ShouldNotBeNull();
        Read(pool, Header + "\njane,jane@example.com,false,+12345550100,false,,false\n").Single().Error!.Message.ShouldBe(UserImportCsv.NoAutoVerifiedAttribute);
    }

    [Fact]
    public void Read_PoolWithOnlyPhoneAutoVerified_NeedsPhoneVerified()
        => Read(Pool(autoVerified: ["phone_number"]), Header + "\njane,jane@example.com,true,+12345550100,false,,false\n")
            .Single().Error!.Message.ShouldBe(UserImportCsv.NoAutoVerifiedAttribute);

    [Fact]
    public void Read_MfaRequiredByPool_NeedsTrue()
    {
        var pool = Pool(mfa: "ON");

        Read(pool, Header + "\njane,jane@example.com,true,,,,false\n").Single().Error!.Message.ShouldBe("The user pool requires MFA, so cognito:mfa_enabled must be true.");
        Read(pool, Header + "\njane,jane@example.com,true,,,,true\n").Single().Row!.MfaEnabled.ShouldBeTrue();
    }

    [Fact]
    public void Read_MissingRequiredAttribute_IsFailed()
        => Read(Pool(required: ["email", "family_name"]), Header + "\njane,jane@example.com,true,,,,false\n")
            .Single().Error!.Message.ShouldBe("The user record lacks the required attribute family_name.");

    [Fact]
    public void Read_LineOver16000Characters_IsFailed()
        => Read(Pool(), Header + "\njane,jane@example.com,true," + new string('1', 16_000) + ",,,false\n")
            .Single().Error!.Message.ShouldBe("The line is longer than 16,000 characters.");

    [Theory]
    [InlineData("", "The CSV file is empty: its first line must be the header from GetCSVHeader.")]
    [InlineData("cognito:username,email,favourite_colour,cognito:mfa_enabled\n", "The CSV header has a column the user pool does not have: favourite_colour.")]
    [InlineData("cognito:username,email,email,cognito:mfa_enabled\n", "The CSV header has the column email twice.")]
    [InlineData("cognito:username,email\n", "The CSV header lacks the required column cognito:mfa_enabled.")]
    public void Read_BadHeader_FailsTheFile(string csv, string message)
        => Should.Throw<UserImportFileException>(() => UserImportCsv.Read(Pool(), Encoding.UTF8.GetBytes(csv))).Message.ShouldBe(message);

    [Fact]
    public void Read_NotUtf8_FailsTheFile()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "\n").Concat(new byte[] { 0x6a, 0xff, 0xfe, 0x2c }).ToArray();

        Should.Throw<UserImportFileException>(() => UserImportCsv.Read(Pool(), bytes).ToList()).Message.ShouldBe("The CSV file is not UTF-8 text.");
    }

    [Fact]
    public void Read_SkipLines_ResumesAfterThem()
    {
        var rows = Read(Pool(), Header + "\na,a@example.com,true,,,,false\nb,b@example.com,true,,,,false\n").ToList();
        var resumed = UserImportCsv.Read(Pool(), Encoding.UTF8.GetBytes(Header + "\na,a@example.com,true,,,,false\nb,b@example.com,true,,,,false\n"), skipLines: 2).ToList();

        rows.Count.ShouldBe(2);
        resumed.Single().Row!.Username.ShouldBe("b");
    }

    [Fact]
    public void Fit_LongMessage_CutTo128Characters()
    {
        UserImportCsv.Fit(new string('x', 200)).Length.ShouldBe(128);
        UserImportCsv.Fit("short").ShouldBe("short");
    }
}
