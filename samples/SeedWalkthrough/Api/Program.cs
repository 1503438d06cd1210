// SPDX-License-Identifier: Apache-2.0
using Tessera.AspNetCore.Authentication;

// The API of the walkthrough: one protected route. Point it at AWS Cognito with
// Authentication:Schemes:Cognito:Region and :UserPoolId, or at Tessera with :Authority.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddAuthentication().AddCognitoJwtBearer(_ => { });
builder.Services.AddAuthorization();
builder.Services.AddCors();

var app = builder.Build();
// The browser app is served from another origin; it reads WWW-Authenticate to show why a call was refused.
app.UseCors(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("WWW-Authenticate"));
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/api/hello", (HttpContext context) => $"Hi {context.User.GetCognitoUsername()}, your API call is authenticated!")
    .RequireAuthorization(p => p.AddAuthenticationSchemes(CognitoJwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
app.MapGet("/api/public", () => "Anyone may read this.");

app.Run();
