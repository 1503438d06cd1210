using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SamlAssertionUses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "saml_assertion_uses",
                columns: table => new
                {
                    PoolId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AssertionHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saml_assertion_uses", x => new { x.PoolId, x.AssertionHash });
                    table.ForeignKey(
                        name: "FK_saml_assertion_uses_user_pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "user_pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_saml_assertion_uses_PoolId_ExpiresAt",
                table: "saml_assertion_uses",
                columns: new[] { "PoolId", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "saml_assertion_uses");
        }
    }
}
