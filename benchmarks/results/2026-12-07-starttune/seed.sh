#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# usage: seed.sh <dll> <datadir> -> writes <datadir>/auth.json (one InitiateAuth body)
set -e
dll=$1; d=$2; mkdir -p $d; cd $d; port=$((30000 + RANDOM % 5000)); u=http://127.0.0.1:$port
Tessera__Passwords__MemoryKiB=8 Tessera__Passwords__Passes=1 dotnet $dll start-dev --urls=$u --Tessera:PublicUrl=$u >seed.log 2>&1 &
pid=$!
until curl -sf $u/health >/dev/null; do sleep 0.2; done
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1
pool=$(aws --endpoint-url $u cognito-idp create-user-pool --pool-name p --query UserPool.Id --output text)
client=$(aws --endpoint-url $u cognito-idp create-user-pool-client --user-pool-id $pool --client-name c --explicit-auth-flows ALLOW_USER_PASSWORD_AUTH ALLOW_REFRESH_TOKEN_AUTH --query UserPoolClient.ClientId --output text)
for i in $(seq 1 20); do
aws --endpoint-url $u cognito-idp admin-create-user --user-pool-id $pool --username user$i --message-action SUPPRESS >/dev/null
aws --endpoint-url $u cognito-idp admin-set-user-password --user-pool-id $pool --username user$i --password 'Passw0rd!Passw0rd' --permanent
done
echo "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"$client\",\"AuthParameters\":{\"USERNAME\":\"user1\",\"PASSWORD\":\"Passw0rd!Passw0rd\"}}" > auth.json
kill $pid; wait $pid || true
