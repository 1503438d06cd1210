using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class UserImportJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "user_import_jobs",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: false),
                    PoolId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    JobName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CloudWatchLogsRoleArn = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: true),
                    CompletedAt = table.Column<long>(type: "bigint", nullable: true),
                    ImportedUsers = table.Column<long>(type: "bigint", nullable: false),
                    SkippedUsers = table.Column<long>(type: "bigint", nullable: false),
                    FailedUsers = table.Column<long>(type: "bigint", nullable: false),
                    CompletionMessage = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    UploadedAt = table.Column<long>(type: "bigint", nullable: true),
                    ProcessedLines = table.Column<int>(type: "integer", nullable: false),
                    HeartbeatAt = table.Column<long>(type: "bigint", nullable: true),
                    Log = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_import_jobs", x => x.JobId);
                    table.ForeignKey(
                        name: "FK_user_import_jobs_user_pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "user_pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_import_files",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_import_files", x => x.JobId);
                    table.ForeignKey(
                        name: "FK_user_import_files_user_import_jobs_JobId",
                        column: x => x.JobId,
                        principalTable: "user_import_jobs",
                        principalColumn: "JobId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_user_import_jobs_PoolId_CreatedAt",
                table: "user_import_jobs",
                columns: new[] { "PoolId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_user_import_jobs_Status_CreatedAt",
                table: "user_import_jobs",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_import_files");

            migrationBuilder.DropTable(
                name: "user_import_jobs");
        }
    }
}
