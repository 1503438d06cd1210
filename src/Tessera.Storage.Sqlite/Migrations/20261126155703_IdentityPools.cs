using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IdentityPools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "identity_pools",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    AllowUnauthenticatedIdentities = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowClassicFlow = table.Column<bool>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Settings = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_pools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "identity_signing_keys",
                columns: table => new
                {
                    Kid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PrivateKeyCiphertext = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_signing_keys", x => x.Kid);
                });

            migrationBuilder.CreateTable(
                name: "identities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PoolId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_identities_identity_pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "identity_pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_logins",
                columns: table => new
                {
                    PoolId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    IdentityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_logins", x => new { x.PoolId, x.ProviderName, x.Subject });
                    table.ForeignKey(
                        name: "FK_identity_logins_identities_IdentityId",
                        column: x => x.IdentityId,
                        principalTable: "identities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_identities_PoolId_Id",
                table: "identities",
                columns: new[] { "PoolId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_identity_logins_IdentityId",
                table: "identity_logins",
                column: "IdentityId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "identity_logins");

            migrationBuilder.DropTable(
                name: "identity_signing_keys");

            migrationBuilder.DropTable(
                name: "identities");

            migrationBuilder.DropTable(
                name: "identity_pools");
        }
    }
}
