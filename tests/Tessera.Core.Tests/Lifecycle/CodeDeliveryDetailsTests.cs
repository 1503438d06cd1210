// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Lifecycle;

namespace Tessera.Core.Tests.Lifecycle;

public sealed class CodeDeliveryDetailsTests
{
    [Theory]
    [InlineData("alice@example.com", "a***@e***")]
    [InlineData("Bob.Smith@Mail.example.org", "B***@M***")]
    [InlineData("+12065551234", "+*******1234")]
    [InlineData("+4412345", "+***2345")]
    public void Mask_HidesTheDestinationAsCognito(string destination, string masked)
        => CodeDeliveryDetails.Mask(destination).ShouldBe(masked);
}
