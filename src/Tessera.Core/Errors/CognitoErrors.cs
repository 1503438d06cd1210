// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Errors;

/// <summary>The catalogue of Cognito errors: names and messages as AWS sends them.</summary>
public static class CognitoErrors
{
    public static CognitoException InvalidParameter(string message) => new("InvalidParameterException", message);
    public static CognitoException ResourceNotFound(string message) => new("ResourceNotFoundException", message);
    public static CognitoException UserPoolNotFound(string poolId) => ResourceNotFound($"User pool {poolId} does not exist.");
    public static CognitoException ClientNotFound(string clientId) => ResourceNotFound($"User pool client {clientId} does not exist.");
    public static CognitoException GroupNotFound() => ResourceNotFound("Group not found.");
    public static CognitoException UserNotFound() => new("UserNotFoundException", "User does not exist.");
    public static CognitoException UsernameExists() => new("UsernameExistsException", "User account already exists");
    public static CognitoException AliasExists() => new("AliasExistsException", "An account with the given email already exists.");
    public static CognitoException GroupExists(string name) => new("GroupExistsException", $"A group with the name {name} already exists.");
    public static CognitoException NotAuthorized(string message) => new("NotAuthorizedException", message);
    public static CognitoException IncorrectCredentials() => NotAuthorized("Incorrect username or password.");
    public static CognitoException UserDisabled() => NotAuthorized("User is disabled.");
    public static CognitoException PasswordSignInDisabled() => NotAuthorized("Password sign-in is disabled for this user.");
    public static CognitoException PasswordAttemptsExceeded() => NotAuthorized("Password attempts exceeded");
    public static CognitoException InvalidAccessToken() => NotAuthorized("Invalid Access Token");
    public static CognitoException AccessTokenExpired() => NotAuthorized("Access Token has expired");
    public static CognitoException AccessTokenRevoked() => NotAuthorized("Access Token has been revoked");
    public static CognitoException InvalidRefreshToken() => NotAuthorized("Invalid Refresh Token");
    public static CognitoException RefreshTokenRevoked() => NotAuthorized("Refresh Token has been revoked");
    public static CognitoException RefreshTokenExpired() => NotAuthorized("Refresh Token has expired");
    public static CognitoException SecretNotReceived(string clientId) => NotAuthorized($"Client {clientId} is configured for secret but secret was not received");
    public static CognitoException RefreshTokenReuse() => new("RefreshTokenReuseException", "The refresh token was replaced by refresh token rotation and can no longer be used.");
    public static CognitoException RefreshTokenRotationEnabled() => NotAuthorized("Refresh token rotation is enabled for this app client: refresh with GetTokensFromRefreshToken.");
    /// <summary>How the Cognito API answers a refused refresh (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken).</summary>
    public static CognitoException RefreshRefused(Tokens.RefreshFailure failure, string clientId) => failure switch
    {
        Tokens.RefreshFailure.Revoked => RefreshTokenRevoked(),
        Tokens.RefreshFailure.Expired => RefreshTokenExpired(),
        Tokens.RefreshFailure.UserDisabled => UserDisabled(),
        Tokens.RefreshFailure.Reused => RefreshTokenReuse(),
        Tokens.RefreshFailure.RotationRequiresGetTokens => RefreshTokenRotationEnabled(),
        Tokens.RefreshFailure.SecretNotReceived => SecretNotReceived(clientId),
        Tokens.RefreshFailure.SecretMismatch => SecretHashMismatch(clientId),
        _ => InvalidRefreshToken(),
    };

    public static CognitoException SecretHashMismatch(string clientId) => NotAuthorized($"Unable to verify secret hash for client {clientId}");
    public static CognitoException ClientSecretMismatch(string clientId) => NotAuthorized($"Client {clientId} is configured with secret but SECRET_HASH was not received");
    public static CognitoException UserNotConfirmed() => new("UserNotConfirmedException", "User is not confirmed.");
    public static CognitoException PasswordResetRequired() => new("PasswordResetRequiredException", "Password reset required for the user");
    public static CognitoException InvalidPassword(string message) => new("InvalidPasswordException", message);
    /// <summary>The code of <see cref="TooManyRequests"/>, for those that recognise it (a sign-in shed by the hash queue).</summary>
    public const string TooManyRequestsCode = "TooManyRequestsException";

    public static CognitoException TooManyRequests() => new(TooManyRequestsCode, "Too many requests", 429);
    public static CognitoException LimitExceeded(string message) => new("LimitExceededException", message);
    public static CognitoException InvalidSession() => NotAuthorized("Invalid session for the user.");
    public static CognitoException SessionExpired() => NotAuthorized("Invalid session for the user, session is expired.");
    public static CognitoException SessionUsed() => NotAuthorized("Invalid session for the user, session can only be used once.");
    public static CognitoException CodeMismatch() => new("CodeMismatchException", "Invalid verification code provided, please try again.");
    public static CognitoException ExpiredCode() => new("ExpiredCodeException", "Invalid code provided, please request a code again.");
    public static CognitoException AttemptLimitExceeded() => LimitExceeded("Attempt limit exceeded, please try after some time.");
    public static CognitoException UnauthorizedAttributeWrite() => NotAuthorized("A client attempted to write unauthorized attribute");
    public static CognitoException MissingAdminScope() => NotAuthorized("Access Token does not have required scopes");
    public static CognitoException UsernameClientNotFound() => new("UserNotFoundException", "Username/client id combination not found.");
    public static CognitoException AdminOnlyRecovery() => NotAuthorized("Contact administrator to reset password.");
    public static CognitoException NoRecoveryDestination() => InvalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");
    public static CognitoException Unauthorized(string message) => new("UnauthorizedException", message);
    public static CognitoException UnsupportedTokenType() => new("UnsupportedTokenTypeException", "Unsupported token type");
    public static CognitoException TokenRevocationDisabled() => new("UnsupportedOperationException", "Token revocation is not enabled for this app client");
    public static CognitoException FeatureUnavailableInTier(string message) => new("FeatureUnavailableInTierException", message);
    public static CognitoException Unsupported(string operation) => new("UnsupportedOperationException", $"Tessera does not support {operation} yet.");
    public static CognitoException WebAuthnNotEnabled() => new("WebAuthnNotEnabledException", "Passkeys are not enabled for this user pool: allow WEB_AUTHN in SignInPolicy.AllowedFirstAuthFactors.");
    public static CognitoException WebAuthnConfigurationMissing() => new("WebAuthnConfigurationMissingException", "The user pool has neither a passkey relying party id nor a domain.");
    public static CognitoException WebAuthnChallengeNotFound() => new("WebAuthnChallengeNotFoundException", "The passkey registration challenge was not found or has expired.");
    public static CognitoException WebAuthnRelyingPartyMismatch() => new("WebAuthnRelyingPartyMismatchException", "The passkey is for another relying party than the user pool's.");
    public static CognitoException WebAuthnClientMismatch() => new("WebAuthnClientMismatchException", "The access token is for another app client than the one that started the registration.");
    public static CognitoException WebAuthnOriginNotAllowed() => new("WebAuthnOriginNotAllowedException", "The passkey was registered from an origin the user pool's relying party does not allow.");
    public static CognitoException WebAuthnCredentialNotSupported() => new("WebAuthnCredentialNotSupportedException", "The passkey is not supported by this user pool.");
    public static CognitoException InternalError() => new("InternalErrorException", "An internal error occurred.", 500);
    public static CognitoException InvalidUserPoolConfiguration(string message) => new("InvalidUserPoolConfigurationException", message);
    public static CognitoException MfaCodeMismatch() => new("CodeMismatchException", "Invalid code or auth state for the user.");
    public static CognitoException SoftwareTokenAlreadyUsed() => new("ExpiredCodeException", "Your software token has already been used once.");
    public static CognitoException MfaCodeExpired() => new("ExpiredCodeException", "Invalid code provided, please request a code again.");
    public static CognitoException SoftwareTokenSetupMismatch() => new("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA");
    public static CognitoException ScopeDoesNotExist(string scope) => new("ScopeDoesNotExistException", $"Invalid scope requested: {scope}");
    public static CognitoException SoftwareTokenNotFound() => new("SoftwareTokenMFANotFoundException", "Software Token MFA does not exist for the user.");
    public static CognitoException MfaNotConfigured(string factor) => InvalidParameter($"User does not have delivery config set to turn on {factor}");
    public static CognitoException UnsupportedUserState(string message) => new("UnsupportedUserStateException", message);
    public static CognitoException InvalidPaginationToken() => InvalidParameter("Invalid pagination token.");
    public static CognitoException PreconditionNotMet(string message) => new("PreconditionNotMetException", message);
    public static CognitoException AliasExists(string attribute) => new("AliasExistsException", $"An account with the given {attribute} already exists.");
    public static CognitoException UserCannotBeConfirmed(string status) => NotAuthorized($"User cannot be confirmed. Current status is {status}");

    // Identity pools (cognito-identity); messages as AWS sends them where known.
    public static CognitoException IdentityPoolNotFound(string identityPoolId) => ResourceNotFound($"IdentityPool '{identityPoolId}' not found.");
    public static CognitoException IdentityNotFound(string identityId) => ResourceNotFound($"Identity '{identityId}' not found.");
    public static CognitoException ResourceConflict(string message) => new("ResourceConflictException", message);
    public static CognitoException UnauthenticatedNotSupported() => NotAuthorized("Unauthenticated access is not supported for this identity pool.");
    public static CognitoException UnsupportedLoginProvider() => NotAuthorized("Token is not from a supported provider of this identity pool.");
    public static CognitoException LoginIssuerMismatch() => NotAuthorized("Invalid login token. Issuer doesn't match providerName");
    public static CognitoException LoginTokenMalformed() => NotAuthorized("Invalid login token. Not a valid OpenId Connect identity token.");
    public static CognitoException LoginTokenSignature() => NotAuthorized("Invalid login token. Couldn't verify signed token.");
    public static CognitoException LoginTokenAudience() => NotAuthorized("Invalid login token. Incorrect token audience.");
    public static CognitoException LoginTokenExpired(long now, long expiry) => NotAuthorized($"Invalid login token. Token expired: {now} >= {expiry}");
    public static CognitoException LoginTokenRevoked() => NotAuthorized("Invalid login token. Token has been revoked.");
    public static CognitoException LoginsDontMatch() => NotAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.");
    public static CognitoException InvalidIdentityPoolConfiguration() => new("InvalidIdentityPoolConfigurationException", "Invalid identity pool configuration. Check assigned IAM roles for this pool.");
    public static CognitoException ClassicFlowDisabled() => InvalidParameter("Basic (classic) flow is not enabled, please use enhanced flow.");
    public static CognitoException ClassicFlowWithRoleMappings() => InvalidParameter("Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.");
    public static CognitoException AmbiguousRoleMapping(string provider) => NotAuthorized($"Ambiguous role mapping rules for: {provider}");
    public static CognitoException AccessDenied(string message) => new("AccessDeniedException", message);
    public static CognitoException ExpiredSecurityToken() => new("ExpiredTokenException", "The security token included in the request is expired");
    public static CognitoException InvalidSecurityToken() => new("UnrecognizedClientException", "The security token included in the request is invalid.");
}
