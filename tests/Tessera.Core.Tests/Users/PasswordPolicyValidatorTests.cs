// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Users;

public sealed class PasswordPolicyValidatorTests
{
    [Theory]
    [InlineData("Short1!", "Password not long enough")]
    [InlineData("alllower1!", "Password must have uppercase characters")]
    [InlineData("ALLUPPER1!", "Password must have lowercase characters")]
    [InlineData("NoDigits!!", "Password must have numeric characters")]
    [InlineData("NoSymbols11", "Password must have symbol characters")]
    public void Validate_DefaultPolicy_RejectsWithCognitoMessage(string password, string reason)
    {
        var error = Should.Throw<CognitoException>(() => PasswordPolicyValidator.Validate(PasswordPolicyType.Default, password));
        error.Code.ShouldBe("InvalidPasswordException");
        error.Message.ShouldBe("Password did not conform with policy: " + reason);
    }

    [Fact]
    public void Generate_DefaultPolicy_SatisfiesPolicy()
    {
        for (var i = 0; i < 50; i++)
        {
            PasswordPolicyValidator.Validate(PasswordPolicyType.Default, PasswordPolicyValidator.Generate(PasswordPolicyType.Default));
        }
    }
}
