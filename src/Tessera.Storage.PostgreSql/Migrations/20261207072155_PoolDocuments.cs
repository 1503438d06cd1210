using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PoolDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pool_documents",
                columns: table => new
                {
                    PoolId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ClientId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Json = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pool_documents", x => new { x.PoolId, x.Kind, x.Key });
                    table.ForeignKey(
                        name: "FK_pool_documents_app_clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "app_clients",
                        principalColumn: "ClientId",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_pool_documents_user_pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "user_pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pool_documents_ClientId",
                table: "pool_documents",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_pool_documents_PoolId_Kind_ClientId",
                table: "pool_documents",
                columns: new[] { "PoolId", "Kind", "ClientId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pool_documents");
        }
    }
}
