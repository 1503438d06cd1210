// SPDX-License-Identifier: Apache-2.0
namespace Tessera.AspNetCore.Authentication;

/// <summary>Defaults for Cognito JWT bearer authentication.</summary>
public static class CognitoJwtBearerDefaults
{
    /// <summary>The default scheme name: <c>Cognito</c>.</summary>
    public const string AuthenticationScheme = "Cognito";
}
