"""pandas preprocessing that calls sample/shuffle/filter/apply-like methods, then a Keras model."""
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils import shuffle
import keras

df = pd.DataFrame({"a": range(100), "b": range(100), "label": [i % 2 for i in range(100)]})
df.sample(frac=1.0, random_state=0)
df.head()
df.filter(like="a")
df.apply(lambda column: column * 2)
df.drop(columns=["b"], inplace=True)
df = df.sample(frac=1.0, random_state=0).reset_index(drop=True)
X, y = shuffle(df[["a"]].to_numpy(), df["label"].to_numpy(), random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
scaler = StandardScaler()
scaler.fit(X_train)
X_train = scaler.transform(X_train)
columns = []
columns.append("a")
columns.extend(["label"])
frames = [df, df]
frames.append(df)
combined = pd.concat(frames).take([0, 1, 2])
combined.repeat = None
series = df["a"]
series.map(lambda v: v + 1)

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=2, batch_size=16, validation_data=(scaler.transform(X_test), y_test))
